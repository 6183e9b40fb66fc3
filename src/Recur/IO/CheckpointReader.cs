using System.Buffers.Binary;

namespace Recur.IO;

/// <summary>
/// Reads the little-endian fields of a checkpoint from a seekable stream, tracking the offset for error messages
/// and the CRC-32 of every byte consumed. Every read past the end becomes an <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class CheckpointReader
{
    private readonly Stream _stream;
    private readonly long _start;
    private readonly long _length;
    private Crc32 _crc = new();

    /// <summary>Reads <paramref name="stream"/> from its current position to its end.</summary>
    public CheckpointReader(Stream stream, string source)
    {
        _stream = stream;
        Source = source;
        _start = stream.Position;
        _length = stream.Length - _start;
    }

    /// <summary>File name (or other label) used in error messages.</summary>
    public string Source { get; }

    /// <summary>Offset of the next byte, from the position the stream had at construction.</summary>
    public long Offset { get; private set; }

    /// <summary>Bytes left before the end of the stream, as its length reported at construction.</summary>
    public long Remaining => _length - Offset;

    /// <summary>CRC-32 of all bytes read so far.</summary>
    public uint Checksum => _crc.Value;

    /// <summary>An exception for a defect found at <paramref name="offset"/>.</summary>
    public InvalidDataException Error(string what, long offset) => new($"{Source}: {what} at byte {offset}");

    /// <summary>Fills <paramref name="destination"/>; the bytes enter the checksum unless <paramref name="checksummed"/> is false.</summary>
    public void ReadExactly(Span<byte> destination, string what, bool checksummed = true)
    {
        long offset = Offset;
        if (destination.Length > Remaining)
            throw Error($"file ends inside {what} ({destination.Length} bytes needed, {Math.Max(Remaining, 0)} left)", offset);
        int done = 0;
        while (done < destination.Length)
        {
            int n = _stream.Read(destination[done..]);
            if (n == 0)
                throw Error($"file ends inside {what} ({destination.Length} bytes needed, {done} read)", offset);
            done += n;
        }
        if (checksummed)
            _crc.Append(destination);
        Offset += destination.Length;
    }

    /// <summary>Reads one byte.</summary>
    public byte ReadByte(string what)
    {
        Span<byte> b = stackalloc byte[1];
        ReadExactly(b, what);
        return b[0];
    }

    /// <summary>Reads a little-endian 32-bit signed integer.</summary>
    public int ReadInt32(string what)
    {
        Span<byte> b = stackalloc byte[4];
        ReadExactly(b, what);
        return BinaryPrimitives.ReadInt32LittleEndian(b);
    }

    /// <summary>Reads a little-endian 32-bit unsigned integer.</summary>
    public uint ReadUInt32(string what, bool checksummed = true)
    {
        Span<byte> b = stackalloc byte[4];
        ReadExactly(b, what, checksummed);
        return BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    /// <summary>Reads a little-endian 64-bit signed integer.</summary>
    public long ReadInt64(string what)
    {
        Span<byte> b = stackalloc byte[8];
        ReadExactly(b, what);
        return BinaryPrimitives.ReadInt64LittleEndian(b);
    }
}
