using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Recur.IO;

/// <summary>
/// Writes float32 tensors in the safetensors format (see <see cref="SafetensorsReader"/>), byte for byte reproducibly:
/// <c>__metadata__</c> first with its keys in ordinal order, then the tensors in ordinal order of name, their data in
/// the same order without gaps; the JSON is compact and padded with spaces so that the data section starts at a
/// multiple of 8 bytes, as the reference implementation does.
/// </summary>
public static class SafetensorsWriter
{
    private const int LengthBytes = 8;
    private const int Alignment = 8;

    private static readonly JsonWriterOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>Writes a file atomically (a temporary file, then a rename).</summary>
    /// <param name="path">Destination; its directory must exist.</param>
    /// <param name="tensors">The tensors; names distinct, non-empty and not <c>__metadata__</c>.</param>
    /// <param name="metadata">The <c>__metadata__</c> strings, or null (or empty) for none.</param>
    /// <exception cref="ArgumentException">A bad name, a repeated name, or data that does not fit its shape.</exception>
    /// <exception cref="IOException">Writing failed; the destination is unchanged.</exception>
    public static void Write(string path, IEnumerable<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var ordered = Order(tensors);
        byte[] header = Header(ordered, metadata);
        AtomicFile.Write(path, stream => WriteTo(stream, ordered, header));
    }

    /// <summary>Writes to a stream (left open), as <see cref="Write(string, IEnumerable{SafetensorsTensor}, IReadOnlyDictionary{string, string})"/>.</summary>
    /// <exception cref="ArgumentException">A bad name, a repeated name, or data that does not fit its shape.</exception>
    public static void Write(Stream stream, IEnumerable<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var ordered = Order(tensors);
        WriteTo(stream, ordered, Header(ordered, metadata));
    }

    private static List<SafetensorsTensor> Order(IEnumerable<SafetensorsTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in list)
        {
            if (t is null) throw new ArgumentException("A tensor is null.", nameof(tensors));
            if (string.IsNullOrEmpty(t.Name) || t.Name == SafetensorsReader.MetadataKey)
                throw new ArgumentException($"'{t.Name}' cannot name a tensor.", nameof(tensors));
            if (!names.Add(t.Name)) throw new ArgumentException($"Tensor '{t.Name}' is given twice.", nameof(tensors));
            long count = 1;
            foreach (int d in t.Shape ?? throw new ArgumentException($"Tensor '{t.Name}' has no shape.", nameof(tensors)))
            {
                if (d < 0) throw new ArgumentException($"Tensor '{t.Name}' has a negative dimension.", nameof(tensors));
                count = checked(count * d);
            }
            if (count != t.Data.Length)
                throw new ArgumentException($"Tensor '{t.Name}' has {t.Data.Length} values for shape [{string.Join(", ", t.Shape)}].", nameof(tensors));
        }
        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }

    private static byte[] Header(List<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, s_json))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(SafetensorsReader.MetadataKey);
                foreach (var key in metadata.Keys.Order(StringComparer.Ordinal))
                    json.WriteString(key, metadata[key] ?? throw new ArgumentException($"Metadata '{key}' is null.", nameof(metadata)));
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var t in tensors)
            {
                long end = offset + 4L * t.Data.Length;
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", SafetensorsDType.F32.ToName());
                json.WriteStartArray("shape");
                foreach (int d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = end;
            }
            json.WriteEndObject();
        }
        int padding = (Alignment - buffer.WrittenCount % Alignment) % Alignment;
        var header = new byte[buffer.WrittenCount + padding];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    private static void WriteTo(Stream stream, List<SafetensorsTensor> tensors, byte[] header)
    {
        Span<byte> length = stackalloc byte[LengthBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        Span<byte> four = stackalloc byte[4];
        foreach (var t in tensors)
        {
            var values = t.Data.Span;
            if (BitConverter.IsLittleEndian)
            {
                stream.Write(MemoryMarshal.AsBytes(values));
                continue;
            }
            foreach (float v in values)
            {
                BinaryPrimitives.WriteSingleLittleEndian(four, v);
                stream.Write(four);
            }
        }
    }
}
