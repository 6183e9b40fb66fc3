using System.Buffers.Binary;

namespace Recur.IO;

/// <summary>
/// CRC-32 as in zlib, PNG and Ethernet (reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF),
/// computed eight bytes at a time from eight derived tables ("slicing by 8").
/// </summary>
/// <remarks>
/// Table k maps a byte to its CRC contribution after k further zero bytes, so the eight lookups for one 64-bit
/// word can be XOR-ed together: CRC is linear over GF(2) and the reflected form consumes low bytes first.
/// </remarks>
internal struct Crc32
{
    private static readonly uint[] s_table = BuildTable();

    private uint _state;

    /// <summary>Starts a new checksum.</summary>
    public Crc32() => _state = 0xFFFF_FFFFu;

    /// <summary>The checksum of the bytes appended so far.</summary>
    public readonly uint Value => ~_state;

    /// <summary>The checksum of <paramref name="data"/> alone.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = new Crc32();
        crc.Append(data);
        return crc.Value;
    }

    /// <summary>Extends the checksum with <paramref name="data"/>.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        uint[] t = s_table;
        uint crc = _state;
        while (data.Length >= 8)
        {
            uint lo = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            uint hi = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = t[7 * 256 + (lo & 0xFF)] ^ t[6 * 256 + ((lo >> 8) & 0xFF)]
                ^ t[5 * 256 + ((lo >> 16) & 0xFF)] ^ t[4 * 256 + (lo >> 24)]
                ^ t[3 * 256 + (hi & 0xFF)] ^ t[2 * 256 + ((hi >> 8) & 0xFF)]
                ^ t[1 * 256 + ((hi >> 16) & 0xFF)] ^ t[hi >> 24];
            data = data[8..];
        }
        foreach (byte b in data)
            crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8);
        _state = crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB8_8320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        // Table k: table k−1 advanced by one zero byte.
        for (int k = 1; k < 8; k++)
        {
            for (int n = 0; n < 256; n++)
            {
                uint prev = table[(k - 1) * 256 + n];
                table[k * 256 + n] = table[prev & 0xFF] ^ (prev >> 8);
            }
        }
        return table;
    }
}
