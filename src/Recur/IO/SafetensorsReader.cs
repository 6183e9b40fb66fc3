using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Recur.IO;

/// <summary>
/// Reads a safetensors file: an 8-byte little-endian header length N, N bytes of UTF-8 JSON (an object mapping each
/// tensor name to <c>{"dtype", "shape", "data_offsets": [begin, end]}</c>, plus an optional <c>__metadata__</c> object
/// of strings), then the data section, whose offsets are relative to its start.
/// </summary>
/// <remarks>
/// <para><see cref="Open(Stream, string, bool)"/> reads and checks the whole header before any tensor is read:
/// N ≤ file length − 8 and ≤ <see cref="MaxHeaderBytes"/>; valid UTF-8; one JSON object; known dtypes; non-negative
/// integer dimensions whose product × element size (overflow-checked) equals the offsets' span; offsets inside the data
/// section; tensors that neither overlap nor leave gaps and cover the data section exactly, as the format requires;
/// no name twice. Every failure is an <see cref="InvalidDataException"/> naming the file and the tensor or byte offset.
/// No buffer is sized from a length in the file before that length has been checked against the file's size, so a
/// corrupt header cannot make the reader allocate more than the file holds.</para>
/// <para>Tensor data is read on demand; the reader keeps the stream open until it is disposed and is not
/// thread-safe.</para>
/// </remarks>
public sealed class SafetensorsReader : IDisposable
{
    /// <summary>Largest header accepted, in bytes (the reference implementation's limit).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>The header key of the free-form string map.</summary>
    public const string MetadataKey = "__metadata__";

    private const int LengthBytes = 8;
    private const int ChunkBytes = 1 << 14;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly Dictionary<string, SafetensorsEntry> _byName;
    private bool _disposed;

    private SafetensorsReader(Stream stream, bool leaveOpen, string source, long dataStart, long dataLength,
        List<SafetensorsEntry> entries, Dictionary<string, string> metadata)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        Source = source;
        DataStart = dataStart;
        DataLength = dataLength;
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        Entries = entries.AsReadOnly();
        _byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        Metadata = metadata.AsReadOnly();
    }

    /// <summary>The file name (or the name given for a stream), used in error messages.</summary>
    public string Source { get; }

    /// <summary>The <c>__metadata__</c> map; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Every tensor, in ordinal order of name.</summary>
    public IReadOnlyList<SafetensorsEntry> Entries { get; }

    /// <summary>File offset of the data section: 8 + N.</summary>
    public long DataStart { get; }

    /// <summary>Bytes in the data section.</summary>
    public long DataLength { get; }

    /// <summary>Opens a file and checks its header.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed safetensors file; the message names it.</exception>
    public static SafetensorsReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) throw new ArgumentException($"{path}: is a directory, expected a safetensors file.", nameof(path));
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.RandomAccess);
        try
        {
            return Open(stream, path, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads and checks the header of a safetensors file held in a seekable stream (from position 0).</summary>
    /// <param name="stream">Readable and seekable; its length is the file's length.</param>
    /// <param name="sourceName">The name used in error messages.</param>
    /// <param name="leaveOpen">Keep the stream open when the reader is disposed (or fails).</param>
    /// <exception cref="ArgumentException">The stream cannot read or seek.</exception>
    /// <exception cref="InvalidDataException">The content is not a well-formed safetensors file; the message names <paramref name="sourceName"/>.</exception>
    public static SafetensorsReader Open(Stream stream, string sourceName, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (!stream.CanRead || !stream.CanSeek) throw new ArgumentException("The stream must be readable and seekable.", nameof(stream));
        try
        {
            return Read(stream, sourceName, leaveOpen);
        }
        catch
        {
            if (!leaveOpen) stream.Dispose();
            throw;
        }
    }

    private static SafetensorsReader Read(Stream stream, string sourceName, bool leaveOpen)
    {
        try
        {
            long fileLength = stream.Length;
            if (fileLength < LengthBytes)
                throw new InvalidDataException($"{sourceName}: {fileLength} bytes is too short for a safetensors file, which starts with an 8-byte header length.");
            Span<byte> prefix = stackalloc byte[LengthBytes];
            stream.Position = 0;
            stream.ReadExactly(prefix);
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            if (headerLength > (ulong)(fileLength - LengthBytes))
                throw new InvalidDataException($"{sourceName}: the header length {headerLength} (bytes 0..7) runs past the end of the file ({fileLength} bytes).");
            if (headerLength > MaxHeaderBytes)
                throw new InvalidDataException($"{sourceName}: the header length {headerLength} (bytes 0..7) exceeds the limit of {MaxHeaderBytes} bytes.");
            if (headerLength < 2)
                throw new InvalidDataException($"{sourceName}: a header of {headerLength} bytes (bytes 0..7) cannot hold a JSON object.");
            var header = new byte[(int)headerLength];
            stream.ReadExactly(header);
            var (entries, metadata) = ParseHeader(header, sourceName);
            long dataStart = LengthBytes + (long)headerLength, dataLength = fileLength - dataStart;
            CheckLayout(entries, dataStart, dataLength, sourceName);
            return new SafetensorsReader(stream, leaveOpen, sourceName, dataStart, dataLength, entries, metadata);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{sourceName}: the file ended while its header was read.", e);
        }
    }

    /// <summary>Whether the file has a tensor of this name.</summary>
    public bool Contains(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.ContainsKey(name);
    }

    /// <summary>The tensor of this name, or null.</summary>
    public SafetensorsEntry? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.GetValueOrDefault(name);
    }

    /// <summary>The tensor of this name.</summary>
    /// <exception cref="InvalidDataException">The file has no such tensor.</exception>
    public SafetensorsEntry this[string name] =>
        Find(name) ?? throw new InvalidDataException($"{Source}: there is no tensor '{name}'.");

    /// <summary>Reads a tensor as float32 values (F32 bit for bit; F16, BF16 and F64 converted).</summary>
    /// <exception cref="InvalidDataException">No such tensor, a dtype that is not a float type, or the file ended early.</exception>
    public float[] ReadFloats(string name)
    {
        var entry = this[name];
        CheckFloat(entry);
        if (entry.ElementCount > Array.MaxLength)
            throw new InvalidDataException($"{Source}: tensor '{name}' has {entry.ElementCount} elements, more than one array can hold.");
        var values = new float[entry.ElementCount];
        ReadFloats(entry, values);
        return values;
    }

    /// <summary>Reads a tensor into <paramref name="destination"/>, as <see cref="ReadFloats(string)"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> does not have the tensor's element count.</exception>
    /// <exception cref="InvalidDataException">No such tensor, a dtype that is not a float type, or the file ended early.</exception>
    public void ReadFloats(string name, Span<float> destination)
    {
        var entry = this[name];
        CheckFloat(entry);
        if (destination.Length != entry.ElementCount)
            throw new ArgumentException($"Tensor '{name}' has {entry.ElementCount} elements; the destination holds {destination.Length}.", nameof(destination));
        ReadFloats(entry, destination);
    }

    /// <summary>Closes the stream unless it was opened with leaveOpen.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_leaveOpen) _stream.Dispose();
    }

    private void CheckFloat(SafetensorsEntry entry)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!entry.DType.IsReadableAsFloat())
            throw new InvalidDataException($"{Source}: tensor '{entry.Name}' has dtype {entry.DType.ToName()}; Recur reads F32, F16, BF16 and F64 weights.");
    }

    private void ReadFloats(SafetensorsEntry entry, Span<float> destination)
    {
        try
        {
            _stream.Position = DataStart + entry.Begin;
            switch (entry.DType)
            {
                case SafetensorsDType.F32:
                    _stream.ReadExactly(MemoryMarshal.AsBytes(destination));
                    if (!BitConverter.IsLittleEndian)
                    {
                        var bits = MemoryMarshal.Cast<float, int>(destination);
                        BinaryPrimitives.ReverseEndianness(bits, bits);
                    }
                    break;
                default:
                    Convert(entry.DType, destination);
                    break;
            }
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{Source}: the file ended while tensor '{entry.Name}' was read (file bytes {DataStart + entry.Begin}..{DataStart + entry.End - 1}).", e);
        }
    }

    // F16: System.Half; BF16: the 16 bits are the upper half of a float32; F64: rounded to nearest.
    private void Convert(SafetensorsDType dtype, Span<float> destination)
    {
        int size = dtype.Size(), perChunk = ChunkBytes / size;
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            for (int start = 0; start < destination.Length; start += perChunk)
            {
                int n = Math.Min(perChunk, destination.Length - start);
                var bytes = chunk.AsSpan(0, n * size);
                _stream.ReadExactly(bytes);
                var dst = destination.Slice(start, n);
                for (int i = 0; i < n; i++)
                {
                    dst[i] = dtype switch
                    {
                        SafetensorsDType.F16 => (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..])),
                        SafetensorsDType.BF16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]) << 16),
                        _ => (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]),
                    };
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static (List<SafetensorsEntry> Entries, Dictionary<string, string> Metadata) ParseHeader(ReadOnlySpan<byte> header, string source)
    {
        if (!Utf8.IsValid(header))
            throw new InvalidDataException($"{source}: the header is not valid UTF-8 (file byte {LengthBytes + FirstInvalidUtf8(header)}).");
        var entries = new List<SafetensorsEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, string>? metadata = null;
        var reader = new Utf8JsonReader(header, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 8 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new InvalidDataException($"{source}: the header (file byte {LengthBytes}) is not a JSON object.");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                long at = LengthBytes + reader.TokenStartIndex;
                string name = reader.GetString()!;
                if (name == MetadataKey)
                {
                    if (metadata is not null) throw new InvalidDataException($"{source}: {MetadataKey} appears twice in the header (file byte {at}).");
                    metadata = ParseMetadata(ref reader, source);
                    continue;
                }
                if (!names.Add(name)) throw new InvalidDataException($"{source}: tensor '{name}' appears twice in the header (file byte {at}).");
                entries.Add(ParseEntry(ref reader, name, at, source));
            }
            // The object is closed; only whitespace (the reference writer pads with spaces) may follow.
            if (reader.Read()) throw new InvalidDataException($"{source}: data follows the header's JSON object (file byte {LengthBytes + reader.TokenStartIndex}).");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: the header (file bytes {LengthBytes}..{LengthBytes + header.Length - 1}) is not valid JSON: {e.Message}", e);
        }
        return (entries, metadata ?? new Dictionary<string, string>(StringComparer.Ordinal));
    }

    private static Dictionary<string, string> ParseMetadata(ref Utf8JsonReader reader, string source)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new InvalidDataException($"{source}: {MetadataKey} (file byte {LengthBytes + reader.TokenStartIndex}) is not a JSON object of strings.");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            long at = LengthBytes + reader.TokenStartIndex;
            string key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
                throw new InvalidDataException($"{source}: {MetadataKey} entry '{key}' (file byte {at}) is not a string.");
            if (!metadata.TryAdd(key, reader.GetString()!))
                throw new InvalidDataException($"{source}: {MetadataKey} entry '{key}' appears twice (file byte {at}).");
        }
        return metadata;
    }

    private static SafetensorsEntry ParseEntry(ref Utf8JsonReader reader, string name, long at, string source)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new InvalidDataException($"{source}: tensor '{name}' (file byte {at}) is not described by a JSON object.");
        string? dtypeName = null;
        List<ulong>? shape = null, offsets = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            long fieldAt = LengthBytes + reader.TokenStartIndex;
            string field = reader.GetString()!;
            reader.Read();
            switch (field)
            {
                case "dtype":
                    if (dtypeName is not null) throw Duplicate();
                    if (reader.TokenType != JsonTokenType.String) throw new InvalidDataException($"{source}: tensor '{name}': dtype (file byte {fieldAt}) is not a string.");
                    dtypeName = reader.GetString()!;
                    break;
                case "shape":
                    if (shape is not null) throw Duplicate();
                    shape = ReadIntegers(ref reader, name, field, fieldAt, source);
                    break;
                case "data_offsets":
                    if (offsets is not null) throw Duplicate();
                    offsets = ReadIntegers(ref reader, name, field, fieldAt, source);
                    break;
                default:
                    reader.Skip();
                    break;
            }

            InvalidDataException Duplicate() => new($"{source}: tensor '{name}': field {field} appears twice (file byte {fieldAt}).");
        }
        if (dtypeName is null || shape is null || offsets is null)
            throw new InvalidDataException($"{source}: tensor '{name}' (file byte {at}) lacks {(dtypeName is null ? "dtype" : shape is null ? "shape" : "data_offsets")}.");
        if (!SafetensorsDTypes.TryParse(dtypeName, out var dtype))
            throw new InvalidDataException($"{source}: tensor '{name}' (file byte {at}) has the unknown dtype '{dtypeName}'.");
        if (offsets.Count != 2)
            throw new InvalidDataException($"{source}: tensor '{name}' (file byte {at}): data_offsets has {offsets.Count} numbers, expected [begin, end].");
        ulong begin = offsets[0], end = offsets[1];
        if (begin > end)
            throw new InvalidDataException($"{source}: tensor '{name}' (file byte {at}): data_offsets [{begin}, {end}] end before they begin.");
        if (end > long.MaxValue)
            throw new InvalidDataException($"{source}: tensor '{name}' (file byte {at}): data_offsets [{begin}, {end}] are out of range.");
        string shapeText = "[" + string.Join(", ", shape) + "]";
        ulong bytes;
        try
        {
            ulong elements = 1;
            foreach (ulong d in shape) elements = checked(elements * d);
            bytes = checked(elements * (ulong)dtype.Size());
        }
        catch (OverflowException)
        {
            throw new InvalidDataException($"{source}: tensor '{name}' (file byte {at}): shape {shapeText} of {dtypeName} is too large: its byte count overflows 64 bits.");
        }
        if (bytes != end - begin)
            throw new InvalidDataException($"{source}: tensor '{name}' (file byte {at}): shape {shapeText} of {dtypeName} needs {bytes} bytes, " +
                $"but data_offsets [{begin}, {end}] hold {end - begin}.");
        var dims = new long[shape.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            // Checked above: the product fits, and a dimension beyond long with a zero elsewhere is still absurd.
            if (shape[i] > long.MaxValue) throw new InvalidDataException($"{source}: tensor '{name}' (file byte {at}): dimension {shape[i]} is out of range.");
            dims[i] = (long)shape[i];
        }
        return new SafetensorsEntry(name, dtype, dims, (long)begin, (long)end);
    }

    private static List<ulong> ReadIntegers(ref Utf8JsonReader reader, string name, string field, long at, string source)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new InvalidDataException($"{source}: tensor '{name}': {field} (file byte {at}) is not an array of integers.");
        var values = new List<ulong>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out ulong v))
                throw new InvalidDataException($"{source}: tensor '{name}': {field} (file byte {at}) holds something other than a non-negative integer " +
                    $"(file byte {LengthBytes + reader.TokenStartIndex}).");
            values.Add(v);
        }
        return values;
    }

    // Sorted by begin, each tensor must start where the previous one ended, and the last must end at the data's end.
    private static void CheckLayout(List<SafetensorsEntry> entries, long dataStart, long dataLength, string source)
    {
        foreach (var e in entries)
        {
            if (e.End > dataLength)
                throw new InvalidDataException($"{source}: tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}] run past the data section, " +
                    $"which holds {dataLength} bytes (file bytes {dataStart}..{dataStart + dataLength - 1}).");
        }
        var ordered = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
        long expected = 0;
        SafetensorsEntry? previous = null;
        foreach (var e in ordered)
        {
            if (e.Begin < expected)
                throw new InvalidDataException($"{source}: tensors '{previous!.Name}' [{previous.Begin}, {previous.End}) and '{e.Name}' [{e.Begin}, {e.End}) " +
                    $"overlap (file byte {dataStart + e.Begin}).");
            if (e.Begin > expected)
                throw new InvalidDataException($"{source}: data bytes {expected}..{e.Begin - 1} (file bytes {dataStart + expected}..{dataStart + e.Begin - 1}) " +
                    $"belong to no tensor; the next tensor is '{e.Name}'.");
            expected = e.End;
            previous = e;
        }
        if (expected != dataLength)
            throw new InvalidDataException($"{source}: data bytes {expected}..{dataLength - 1} (file bytes {dataStart + expected}..{dataStart + dataLength - 1}) " +
                "belong to no tensor.");
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[i..], out _, out int consumed) != System.Buffers.OperationStatus.Done) return i;
            i += consumed;
        }
        return i;
    }
}
