using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Recur.IO;

/// <summary>
/// A versioned binary container of named entries: float32 and float64 tensors, int64 arrays, byte blobs and
/// UTF-8 strings. Training fills one with weights, optimiser state, step, RNG state, options JSON and vocabulary.
/// </summary>
/// <remarks>
/// <para>Entries keep the order in which they were first set; setting an existing name replaces its content in
/// place. Getters return copies, so the container never shares memory with its callers.</para>
/// <para>Layout on disk, all integers little-endian:</para>
/// <code>
/// "RECURCKP"                 8 bytes magic
/// u32 version                = <see cref="FormatVersion"/>
/// u32 entry count
/// per entry:
///   i32 name length, name    UTF-8, 1 to <see cref="MaxNameBytes"/> bytes, unique
///   u8  kind                 <see cref="CheckpointEntryKind"/>
///   u8  rank, i32 dims[rank] tensors: 0 to <see cref="MaxRank"/>; other kinds: rank 1, dim = element count
///   i64 payload length       = product(dims) × element size
///   payload                  little-endian elements
/// u32 CRC-32                 over every preceding byte
/// </code>
/// <para><see cref="Load(string)"/> checks every field against the bytes that remain before it allocates, so a
/// corrupt header cannot make it allocate more than the file holds.</para>
/// </remarks>
public sealed class CheckpointFile
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Largest tensor rank.</summary>
    public const int MaxRank = 16;

    /// <summary>Largest entry name, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 1024;

    /// <summary>The label used in error messages for a checkpoint that was not loaded from a file.</summary>
    public const string InMemorySource = "checkpoint";

    private static ReadOnlySpan<byte> Magic => "RECURCKP"u8;

    // Name length, kind, rank and payload length of the smallest entry (a one-byte name, rank 0).
    private const int MinEntryBytes = 4 + 1 + 1 + 1 + 8;
    private const int ChecksumBytes = 4;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly List<Entry> _entries = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    /// <summary>Creates an empty checkpoint; errors name it <see cref="InMemorySource"/>.</summary>
    public CheckpointFile() : this(InMemorySource)
    {
    }

    private CheckpointFile(string source)
    {
        Source = source;
        Names = _names.AsReadOnly();
    }

    /// <summary>The path this checkpoint was loaded from, or <see cref="InMemorySource"/>; used in error messages.</summary>
    public string Source { get; }

    /// <summary>Entry names in order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>Whether an entry named <paramref name="name"/> exists.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public bool Contains(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _index.ContainsKey(name);
    }

    /// <summary>Removes the entry named <paramref name="name"/>; returns whether it existed.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public bool Remove(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_index.Remove(name, out int at))
            return false;
        _entries.RemoveAt(at);
        _names.RemoveAt(at);
        for (int i = at; i < _entries.Count; i++)
            _index[_entries[i].Name] = i;
        return true;
    }

    /// <summary>What the entry named <paramref name="name"/> holds.</summary>
    /// <exception cref="InvalidDataException">There is no such entry.</exception>
    public CheckpointEntryKind GetKind(string name) => Find(name).Kind;

    /// <summary>
    /// The shape of an entry (a copy): a tensor's dimensions, or <c>[n]</c> for n int64 values, n bytes, or a
    /// string of n UTF-8 bytes.
    /// </summary>
    /// <exception cref="InvalidDataException">There is no such entry.</exception>
    public int[] Shape(string name) => (int[])Find(name).Shape.Clone();

    /// <summary>Sets a float32 tensor, replacing any entry of that name.</summary>
    /// <param name="name">Non-empty, at most <see cref="MaxNameBytes"/> UTF-8 bytes.</param>
    /// <param name="shape">Rank 0 to <see cref="MaxRank"/>, dimensions zero or more; rank 0 holds one value.</param>
    /// <param name="data">Row-major values, as many as the shape's product; stored bit for bit (NaN payloads kept).</param>
    /// <exception cref="ArgumentException">A bad name or shape, or a length that differs from the shape's product.</exception>
    public void SetTensor(string name, ReadOnlySpan<int> shape, ReadOnlySpan<float> data) =>
        Set(name, CheckpointEntryKind.Float32, CheckShape(shape, data.Length), ToLittleEndian(data));

    /// <summary>
    /// Sets a float32 tensor that refers to <paramref name="data"/> instead of copying it: the values are read when the
    /// checkpoint is saved, so they must not change until then. A training run that saves every minute then allocates
    /// no copy of its parameters per save. (On a big-endian machine the values are copied, as by <see cref="SetTensor"/>.)
    /// </summary>
    /// <inheritdoc cref="SetTensor" path="/param"/>
    /// <exception cref="ArgumentException">A bad name or shape, or a length that differs from the shape's product.</exception>
    public void SetTensorReference(string name, ReadOnlySpan<int> shape, ReadOnlyMemory<float> data)
    {
        int[] checkedShape = CheckShape(shape, data.Length);
        if (!BitConverter.IsLittleEndian)
        {
            Set(name, CheckpointEntryKind.Float32, checkedShape, ToLittleEndian(data.Span));
            return;
        }
        if ((long)data.Length * sizeof(float) > Array.MaxLength)
            throw new ArgumentException($"{data.Length} values exceed one entry's limit of {Array.MaxLength} bytes.", nameof(data));
        Set(new Entry(name, CheckpointEntryKind.Float32, checkedShape, null, data));
    }

    /// <summary>Sets a float64 tensor, replacing any entry of that name.</summary>
    /// <param name="name">Non-empty, at most <see cref="MaxNameBytes"/> UTF-8 bytes.</param>
    /// <param name="shape">Rank 0 to <see cref="MaxRank"/>, dimensions zero or more; rank 0 holds one value.</param>
    /// <param name="data">Row-major values, as many as the shape's product; stored bit for bit.</param>
    /// <exception cref="ArgumentException">A bad name or shape, or a length that differs from the shape's product.</exception>
    public void SetDoubles(string name, ReadOnlySpan<int> shape, ReadOnlySpan<double> data) =>
        Set(name, CheckpointEntryKind.Float64, CheckShape(shape, data.Length), ToLittleEndian(data));

    /// <summary>Sets an int64 array, replacing any entry of that name.</summary>
    /// <param name="name">Non-empty, at most <see cref="MaxNameBytes"/> UTF-8 bytes.</param>
    /// <param name="values">Values; may be empty.</param>
    /// <exception cref="ArgumentException">A bad name, or more values than one entry can hold.</exception>
    public void SetInt64s(string name, ReadOnlySpan<long> values) =>
        Set(name, CheckpointEntryKind.Int64, [values.Length], ToLittleEndian(values));

    /// <summary>Sets an int64 array from unsigned values (stored by their bits, e.g. an RNG state).</summary>
    /// <param name="name">Non-empty, at most <see cref="MaxNameBytes"/> UTF-8 bytes.</param>
    /// <param name="values">Values; may be empty.</param>
    /// <exception cref="ArgumentException">A bad name, or more values than one entry can hold.</exception>
    public void SetUInt64s(string name, ReadOnlySpan<ulong> values) =>
        SetInt64s(name, MemoryMarshal.Cast<ulong, long>(values));

    /// <summary>Sets a one-element int64 array, such as a step count.</summary>
    /// <param name="name">Non-empty, at most <see cref="MaxNameBytes"/> UTF-8 bytes.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException">A bad name.</exception>
    public void SetInt64(string name, long value) => SetInt64s(name, [value]);

    /// <summary>Sets a byte blob (a copy of <paramref name="bytes"/>), replacing any entry of that name.</summary>
    /// <param name="name">Non-empty, at most <see cref="MaxNameBytes"/> UTF-8 bytes.</param>
    /// <param name="bytes">Content; may be empty.</param>
    /// <exception cref="ArgumentException">A bad name, or more bytes than one entry can hold.</exception>
    public void SetBytes(string name, ReadOnlySpan<byte> bytes) =>
        Set(name, CheckpointEntryKind.Bytes, [bytes.Length], bytes.ToArray());

    /// <summary>Sets a string, stored as UTF-8, replacing any entry of that name.</summary>
    /// <param name="name">Non-empty, at most <see cref="MaxNameBytes"/> UTF-8 bytes.</param>
    /// <param name="value">Content; may be empty; must not contain unpaired surrogates.</param>
    /// <exception cref="ArgumentException">A bad name, or a value that is not valid Unicode.</exception>
    public void SetString(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        byte[] bytes = EncodeStrict(value, nameof(value));
        Set(name, CheckpointEntryKind.Utf8, [bytes.Length], bytes);
    }

    /// <summary>The values of a float32 tensor, row-major.</summary>
    /// <exception cref="InvalidDataException">There is no such entry, or it is not <see cref="CheckpointEntryKind.Float32"/>.</exception>
    public float[] GetFloats(string name) => FromLittleEndian<float>(Find(name, CheckpointEntryKind.Float32).Payload);

    /// <summary>The values of a float64 tensor, row-major.</summary>
    /// <exception cref="InvalidDataException">There is no such entry, or it is not <see cref="CheckpointEntryKind.Float64"/>.</exception>
    public double[] GetDoubles(string name) => FromLittleEndian<double>(Find(name, CheckpointEntryKind.Float64).Payload);

    /// <summary>Copies a float32 tensor into <paramref name="destination"/>, e.g. a model's parameter view, without allocating.</summary>
    /// <exception cref="InvalidDataException">
    /// There is no such entry, it is not <see cref="CheckpointEntryKind.Float32"/>, or its element count differs
    /// from <paramref name="destination"/>'s length.
    /// </exception>
    public void CopyFloats(string name, Span<float> destination) =>
        CopyFromLittleEndian(Find(name, CheckpointEntryKind.Float32), destination);

    /// <summary>Copies a float64 tensor into <paramref name="destination"/> without allocating.</summary>
    /// <exception cref="InvalidDataException">
    /// There is no such entry, it is not <see cref="CheckpointEntryKind.Float64"/>, or its element count differs
    /// from <paramref name="destination"/>'s length.
    /// </exception>
    public void CopyDoubles(string name, Span<double> destination) =>
        CopyFromLittleEndian(Find(name, CheckpointEntryKind.Float64), destination);

    /// <summary>The values of an int64 array.</summary>
    /// <exception cref="InvalidDataException">There is no such entry, or it is not <see cref="CheckpointEntryKind.Int64"/>.</exception>
    public long[] GetInt64s(string name) => FromLittleEndian<long>(Find(name, CheckpointEntryKind.Int64).Payload);

    /// <summary>The values of an int64 array, reinterpreted as unsigned.</summary>
    /// <exception cref="InvalidDataException">There is no such entry, or it is not <see cref="CheckpointEntryKind.Int64"/>.</exception>
    public ulong[] GetUInt64s(string name) => FromLittleEndian<ulong>(Find(name, CheckpointEntryKind.Int64).Payload);

    /// <summary>The only value of a one-element int64 array.</summary>
    /// <exception cref="InvalidDataException">There is no such entry, it is not <see cref="CheckpointEntryKind.Int64"/>, or it holds other than one value.</exception>
    public long GetInt64(string name)
    {
        Entry entry = Find(name, CheckpointEntryKind.Int64);
        if (entry.Payload.Length != sizeof(long))
            throw new InvalidDataException($"{Source}: entry '{name}' holds {entry.Payload.Length / sizeof(long)} int64 values, expected 1");
        return BinaryPrimitives.ReadInt64LittleEndian(entry.Payload);
    }

    /// <summary>A copy of a byte blob.</summary>
    /// <exception cref="InvalidDataException">There is no such entry, or it is not <see cref="CheckpointEntryKind.Bytes"/>.</exception>
    public byte[] GetBytes(string name) => Find(name, CheckpointEntryKind.Bytes).Payload.ToArray();

    /// <summary>A string entry.</summary>
    /// <exception cref="InvalidDataException">There is no such entry, or it is not <see cref="CheckpointEntryKind.Utf8"/>.</exception>
    public string GetString(string name) => s_strictUtf8.GetString(Find(name, CheckpointEntryKind.Utf8).Payload);

    /// <summary>Writes the checkpoint to <paramref name="path"/> atomically.</summary>
    /// <param name="path">Destination; an existing file is replaced.</param>
    /// <remarks>
    /// The bytes go to <c>path + ".tmp-&lt;random&gt;"</c> in the same directory, are flushed to disk, and the
    /// temporary file is renamed over <paramref name="path"/>. On failure the temporary file is deleted and any
    /// existing file at <paramref name="path"/> is left as it was.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or names no file.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist; the message names the path.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable, or the path is a directory.</exception>
    /// <exception cref="IOException">Writing or renaming failed; the message names the path.</exception>
    public void Save(string path) => Save(path, static s => s);

    /// <summary>Writes the checkpoint to <paramref name="path"/> through a stream decorator, so tests can inject failures.</summary>
    internal void Save(string path, Func<Stream, Stream> decorate) =>
        AtomicFile.Write(path, stream => Save(decorate(stream)));

    /// <summary>Writes the checkpoint to <paramref name="stream"/> at its current position; the stream stays open.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable.</exception>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
            throw new ArgumentException("The stream is not writable.", nameof(stream));

        var crc = new Crc32();
        Span<byte> header = stackalloc byte[4 + MaxNameBytes + 1 + 1 + 4 * MaxRank + 8];

        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], (uint)_entries.Count);
        Emit(stream, ref crc, header[..16]);

        foreach (Entry entry in _entries)
        {
            int at = 0;
            int nameBytes = s_strictUtf8.GetBytes(entry.Name, header[4..]);
            BinaryPrimitives.WriteInt32LittleEndian(header, nameBytes);
            at += 4 + nameBytes;
            header[at++] = (byte)entry.Kind;
            header[at++] = (byte)entry.Shape.Length;
            foreach (int d in entry.Shape)
            {
                BinaryPrimitives.WriteInt32LittleEndian(header[at..], d);
                at += 4;
            }
            BinaryPrimitives.WriteInt64LittleEndian(header[at..], entry.Payload.Length);
            at += 8;
            Emit(stream, ref crc, header[..at]);
            Emit(stream, ref crc, entry.Payload);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(header, crc.Value);
        stream.Write(header[..ChecksumBytes]);
        stream.Flush();
    }

    /// <summary>Reads and validates a checkpoint file.</summary>
    /// <param name="path">The file; error messages name it as given.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DirectoryNotFoundException">Its directory does not exist.</exception>
    /// <exception cref="IOException">The path is a directory.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">
    /// The content is not a valid checkpoint: "<c>{path}: {what} at byte {offset}</c>" for a bad magic or
    /// version, a count, length or shape that is negative, overflows, disagrees with the payload or exceeds the
    /// bytes left, a duplicate or malformed name, malformed UTF-8, truncation anywhere, trailing bytes, or a
    /// checksum mismatch.
    /// </exception>
    public static CheckpointFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        InputFile.Check(path, "checkpoint file");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Load(stream, path);
    }

    /// <summary>Reads and validates a checkpoint from <paramref name="stream"/>'s position to its end.</summary>
    /// <param name="stream">A readable stream; a non-seekable one is first copied to memory. Left open.</param>
    /// <param name="source">Label for error messages, such as the file name.</param>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable, or <paramref name="source"/> is empty.</exception>
    /// <exception cref="InvalidDataException">The content is not a valid checkpoint; see <see cref="Load(string)"/>.</exception>
    public static CheckpointFile Load(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(source);
        if (!stream.CanRead)
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        if (!stream.CanSeek)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            return Read(new CheckpointReader(copy, source));
        }
        return Read(new CheckpointReader(stream, source));
    }

    private static CheckpointFile Read(CheckpointReader r)
    {
        Span<byte> magic = stackalloc byte[8];
        r.ReadExactly(magic, "the magic");
        if (!magic.SequenceEqual(Magic))
            throw r.Error("not a Recur checkpoint (bad magic)", 0);

        long at = r.Offset;
        uint version = r.ReadUInt32("the format version");
        if (version != FormatVersion)
            throw r.Error($"unsupported format version {version} (this library reads {FormatVersion})", at);

        at = r.Offset;
        uint count = r.ReadUInt32("the entry count");
        if (count > (r.Remaining - ChecksumBytes) / MinEntryBytes)
            throw r.Error($"entry count {count} exceeds what the remaining {r.Remaining} bytes can hold", at);

        var checkpoint = new CheckpointFile(r.Source);
        Span<byte> nameBuffer = stackalloc byte[MaxNameBytes];
        for (uint i = 0; i < count; i++)
        {
            long entryStart = r.Offset;
            int nameLength = r.ReadInt32("an entry name length");
            if (nameLength < 1 || nameLength > MaxNameBytes)
                throw r.Error($"entry name length {nameLength} is outside 1 to {MaxNameBytes}", entryStart);
            Span<byte> nameBytes = nameBuffer[..nameLength];
            r.ReadExactly(nameBytes, "an entry name");
            string name;
            try
            {
                name = s_strictUtf8.GetString(nameBytes);
            }
            catch (DecoderFallbackException)
            {
                throw r.Error("entry name is not valid UTF-8", entryStart + 4);
            }
            if (checkpoint._index.ContainsKey(name))
                throw r.Error($"duplicate entry name '{name}'", entryStart + 4);

            at = r.Offset;
            var kind = (CheckpointEntryKind)r.ReadByte($"the kind of entry '{name}'");
            int elementSize = kind switch
            {
                CheckpointEntryKind.Float32 => sizeof(float),
                CheckpointEntryKind.Float64 => sizeof(double),
                CheckpointEntryKind.Int64 => sizeof(long),
                CheckpointEntryKind.Bytes or CheckpointEntryKind.Utf8 => 1,
                _ => throw r.Error($"entry '{name}' has unknown kind {(byte)kind}", at),
            };
            bool tensor = kind is CheckpointEntryKind.Float32 or CheckpointEntryKind.Float64;

            at = r.Offset;
            int rank = r.ReadByte($"the rank of entry '{name}'");
            if (tensor ? rank > MaxRank : rank != 1)
                throw r.Error($"entry '{name}' of kind {kind} has rank {rank} (allowed: {(tensor ? $"0 to {MaxRank}" : "1")})", at);

            var shape = new int[rank];
            long elements = 1;
            for (int d = 0; d < rank; d++)
            {
                at = r.Offset;
                shape[d] = r.ReadInt32($"the shape of entry '{name}'");
                if (shape[d] < 0)
                    throw r.Error($"entry '{name}' has negative dimension {shape[d]}", at);
                elements = ClampedProduct(elements, shape[d]);
            }

            at = r.Offset;
            long payloadLength = r.ReadInt64($"the payload length of entry '{name}'");
            if (payloadLength < 0 || payloadLength > r.Remaining - ChecksumBytes)
                throw r.Error($"entry '{name}' claims {payloadLength} payload bytes but {Math.Max(r.Remaining - ChecksumBytes, 0)} remain before the checksum", at);
            if (payloadLength != elements * elementSize)
                throw r.Error($"entry '{name}' has {payloadLength} payload bytes but its shape [{string.Join(',', shape)}] needs {elements * elementSize}", at);

            at = r.Offset;
            var payload = new byte[payloadLength];
            r.ReadExactly(payload, $"the payload of entry '{name}'");
            if (kind == CheckpointEntryKind.Utf8)
            {
                try
                {
                    s_strictUtf8.GetCharCount(payload);
                }
                catch (DecoderFallbackException)
                {
                    throw r.Error($"string entry '{name}' is not valid UTF-8", at);
                }
            }
            checkpoint.Add(new Entry(name, kind, shape, payload));
        }

        at = r.Offset;
        uint computed = r.Checksum;
        uint stored = r.ReadUInt32("the checksum", checksummed: false);
        if (r.Remaining != 0)
            throw r.Error($"{r.Remaining} unexpected bytes after the checksum", r.Offset);
        if (stored != computed)
            throw r.Error($"checksum mismatch (stored 0x{stored:X8}, computed 0x{computed:X8})", at);
        return checkpoint;
    }

    private static void Emit(Stream stream, ref Crc32 crc, ReadOnlySpan<byte> bytes)
    {
        crc.Append(bytes);
        stream.Write(bytes);
    }

    private void Set(string name, CheckpointEntryKind kind, int[] shape, byte[] payload) => Set(new Entry(name, kind, shape, payload));

    private void Set(Entry entry)
    {
        string name = entry.Name;
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (EncodeStrict(name, nameof(name)).Length > MaxNameBytes)
            throw new ArgumentException($"Entry name '{name}' is longer than {MaxNameBytes} UTF-8 bytes.", nameof(name));
        if (_index.TryGetValue(name, out int at))
            _entries[at] = entry;
        else
            Add(entry);
    }

    private void Add(Entry entry)
    {
        _index.Add(entry.Name, _entries.Count);
        _entries.Add(entry);
        _names.Add(entry.Name);
    }

    private Entry Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_index.TryGetValue(name, out int at))
            throw new InvalidDataException($"{Source}: no entry '{name}'");
        return _entries[at];
    }

    private Entry Find(string name, CheckpointEntryKind kind)
    {
        Entry entry = Find(name);
        if (entry.Kind != kind)
            throw new InvalidDataException($"{Source}: entry '{name}' is {entry.Kind}, expected {kind}");
        return entry;
    }

    private void CopyFromLittleEndian<T>(Entry entry, Span<T> destination) where T : unmanaged
    {
        int count = entry.Payload.Length / Unsafe.SizeOf<T>();
        if (count != destination.Length)
            throw new InvalidDataException($"{Source}: entry '{entry.Name}' holds {count} values, expected {destination.Length}");
        entry.Payload.CopyTo(MemoryMarshal.AsBytes(destination));
        if (!BitConverter.IsLittleEndian)
            ReverseElements(destination);
    }

    private static int[] CheckShape(ReadOnlySpan<int> shape, int length)
    {
        if (shape.Length > MaxRank)
            throw new ArgumentException($"Rank {shape.Length} exceeds {MaxRank}.", nameof(shape));
        long product = 1;
        foreach (int d in shape)
        {
            if (d < 0)
                throw new ArgumentException($"Dimension {d} is negative.", nameof(shape));
            product = ClampedProduct(product, d);
        }
        if (product != length)
            throw new ArgumentException($"Shape [{string.Join(',', shape.ToArray())}] holds {product} values, but {length} were given.", nameof(shape));
        return shape.ToArray();
    }

    /// <summary>
    /// <paramref name="product"/> × <paramref name="dimension"/>, saturated at a bound far above any payload that
    /// fits in an array; the bound times a dimension (at most int.MaxValue) still fits in a long, and a later zero
    /// dimension still gives zero.
    /// </summary>
    private static long ClampedProduct(long product, int dimension) =>
        Math.Min(product * dimension, long.MaxValue / int.MaxValue);

    private static byte[] ToLittleEndian<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(values);
        if (bytes.Length > Array.MaxLength)
            throw new ArgumentException($"{values.Length} values exceed one entry's limit of {Array.MaxLength} bytes.", nameof(values));
        byte[] payload = bytes.ToArray();
        if (!BitConverter.IsLittleEndian)
            ReverseElements(MemoryMarshal.Cast<byte, T>(payload.AsSpan()));
        return payload;
    }

    private static T[] FromLittleEndian<T>(ReadOnlySpan<byte> payload) where T : unmanaged
    {
        var values = new T[payload.Length / Unsafe.SizeOf<T>()];
        payload.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        if (!BitConverter.IsLittleEndian)
            ReverseElements(values.AsSpan());
        return values;
    }

    private static void ReverseElements<T>(Span<T> values) where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() == 4)
        {
            Span<uint> words = MemoryMarshal.Cast<T, uint>(values);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
        else
        {
            Span<ulong> words = MemoryMarshal.Cast<T, ulong>(values);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
    }

    private static byte[] EncodeStrict(string value, string paramName)
    {
        try
        {
            return s_strictUtf8.GetBytes(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("The text contains an unpaired surrogate.", paramName, e);
        }
    }

    // The payload is bytes of its own, or float32 values referenced in place until Save (see SetTensorReference).
    private sealed record Entry(string Name, CheckpointEntryKind Kind, int[] Shape, byte[]? Bytes, ReadOnlyMemory<float> Floats = default)
    {
        public ReadOnlySpan<byte> Payload => Bytes ?? MemoryMarshal.AsBytes(Floats.Span);
    }
}
