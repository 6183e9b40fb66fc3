using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Recur.IO.Onnx;

/// <summary>
/// Encodes Protocol Buffers messages in the binary wire format: each field is a key (field number &lt;&lt; 3 | wire type)
/// followed by a varint (type 0), a length-delimited payload (type 2: strings, bytes, nested messages, packed repeated
/// scalars) or 4 little-endian bytes (type 5: float). Repeated scalar fields that onnx.proto does not declare packed are
/// written one key per element. Fields are written in the order they are called; a nested message
/// is encoded into its own writer first so that its length can precede it.
/// </summary>
internal sealed class ProtobufWriter
{
    private const int VarintType = 0, LengthDelimitedType = 2, Fixed32Type = 5;
    private byte[] _buffer = new byte[256];
    private int _length;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>Writes an int64/int32/enum field as a varint; negative values take 10 bytes (two's complement), as protobuf does.</summary>
    public void WriteInt64(int field, long value)
    {
        WriteKey(field, VarintType);
        WriteVarint((ulong)value);
    }

    /// <summary>Writes a float field as 4 little-endian bytes.</summary>
    public void WriteFloat(int field, float value)
    {
        WriteKey(field, Fixed32Type);
        BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);
        _length += 4;
    }

    /// <summary>Writes a string field as UTF-8.</summary>
    public void WriteString(int field, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int count = Encoding.UTF8.GetByteCount(value);
        WriteKey(field, LengthDelimitedType);
        WriteVarint((ulong)count);
        Encoding.UTF8.GetBytes(value, Reserve(count));
        _length += count;
    }

    /// <summary>Writes a bytes field (or an already encoded message).</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteKey(field, LengthDelimitedType);
        WriteVarint((ulong)value.Length);
        value.CopyTo(Reserve(value.Length));
        _length += value.Length;
    }

    /// <summary>Writes a nested message field: <paramref name="write"/> encodes its fields.</summary>
    public void WriteMessage(int field, Action<ProtobufWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var inner = new ProtobufWriter();
        write(inner);
        WriteBytes(field, inner.Written);
    }

    /// <summary>Writes a bytes field holding the values as consecutive little-endian floats (ONNX <c>raw_data</c>).</summary>
    public void WriteRawFloats(int field, ReadOnlySpan<float> values)
    {
        WriteKey(field, LengthDelimitedType);
        WriteVarint((ulong)values.Length * 4);
        var bytes = Reserve(values.Length * 4);
        if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(values).CopyTo(bytes);
        else
            for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes[(i * 4)..], values[i]);
        _length += values.Length * 4;
    }

    /// <summary>Writes a bytes field holding the values as consecutive little-endian int64s (ONNX <c>raw_data</c>).</summary>
    public void WriteRawInt64s(int field, ReadOnlySpan<long> values)
    {
        WriteKey(field, LengthDelimitedType);
        WriteVarint((ulong)values.Length * 8);
        var bytes = Reserve(values.Length * 8);
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes[(i * 8)..], values[i]);
        _length += values.Length * 8;
    }

    /// <summary>Writes a bytes field holding the values as consecutive little-endian int32s (ONNX <c>raw_data</c>).</summary>
    public void WriteRawInt32s(int field, ReadOnlySpan<int> values)
    {
        WriteKey(field, LengthDelimitedType);
        WriteVarint((ulong)values.Length * 4);
        var bytes = Reserve(values.Length * 4);
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(bytes[(i * 4)..], values[i]);
        _length += values.Length * 4;
    }

    private void WriteKey(int field, int wireType)
    {
        // Field numbers are 1..2^29−1 (19000..19999 reserved by protobuf itself).
        if (field is < 1 or > (1 << 29) - 1) throw new ArgumentOutOfRangeException(nameof(field), field, "Invalid protobuf field number.");
        WriteVarint((ulong)(uint)(field << 3 | wireType));
    }

    // Base 128: seven bits per byte, least significant group first, the high bit set on every byte but the last.
    private void WriteVarint(ulong value)
    {
        var span = Reserve(10);
        int i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        _length += i;
    }

    private Span<byte> Reserve(int count)
    {
        long needed = (long)_length + count;
        if (needed > Array.MaxLength) throw new InvalidOperationException("The encoded message exceeds the largest array .NET allows.");
        if (needed > _buffer.Length) Array.Resize(ref _buffer, (int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * _buffer.Length)));
        return _buffer.AsSpan(_length, count);
    }
}
