using System.Buffers.Binary;
using Recur.Training;

namespace Recur.Tests.IO.Fuzzing;

/// <summary>
/// Seeded mutations of a valid file: bit flips, bytes set to boundary values, truncation, insertion, deletion and
/// duplication of ranges, and 32- or 64-bit fields (either byte order) overwritten with the values that break length
/// checks (0, −1, the largest signed and unsigned values, values just past the file's size).
/// </summary>
public sealed class Mutator(ulong seed)
{
    private static readonly byte[] s_bytes = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF];

    private readonly Rng _rng = new(seed);

    /// <summary>One to three mutations of <paramref name="input"/> (which is not changed).</summary>
    public byte[] Mutate(byte[] input)
    {
        var bytes = new List<byte>(input);
        int count = 1 + _rng.NextInt(3);
        for (int i = 0; i < count; i++) MutateOnce(bytes);
        return bytes.ToArray();
    }

    private void MutateOnce(List<byte> bytes)
    {
        int n = bytes.Count;
        switch (_rng.NextInt(n == 0 ? 1 : 8))
        {
            case 0: // insert 1 to 16 random bytes
                int at = _rng.NextInt(n + 1), length = 1 + _rng.NextInt(16);
                bytes.InsertRange(at, Enumerable.Range(0, length).Select(_ => (byte)_rng.NextInt(256)));
                break;
            case 1: // flip 1 to 8 bits
                for (int k = 1 + _rng.NextInt(8); k > 0; k--) bytes[_rng.NextInt(n)] ^= (byte)(1 << _rng.NextInt(8));
                break;
            case 2: // a boundary byte
                bytes[_rng.NextInt(n)] = s_bytes[_rng.NextInt(s_bytes.Length)];
                break;
            case 3: // truncate
                int keep = _rng.NextInt(n);
                bytes.RemoveRange(keep, n - keep);
                break;
            case 4: // delete a range
                int from = _rng.NextInt(n);
                bytes.RemoveRange(from, 1 + _rng.NextInt(Math.Min(64, n - from)));
                break;
            case 5: // duplicate a range elsewhere
                int start = _rng.NextInt(n), size = 1 + _rng.NextInt(Math.Min(64, n - start));
                bytes.InsertRange(_rng.NextInt(n + 1), bytes.GetRange(start, size));
                break;
            default: // overwrite a 32- or 64-bit field with a value that breaks length checks
                WriteField(bytes, n);
                break;
        }
    }

    private void WriteField(List<byte> bytes, int n)
    {
        bool wide = _rng.NextInt(2) == 0;
        int width = wide ? 8 : 4;
        if (n < width) { bytes[_rng.NextInt(n)] = 0xFF; return; }
        long[] values = [0, -1, int.MaxValue, int.MinValue, uint.MaxValue, long.MaxValue, n, n + 1, n - 1, 1 << 20, 1L << 31, 1L << 40];
        long value = values[_rng.NextInt(values.Length)];
        Span<byte> field = stackalloc byte[8];
        bool bigEndian = _rng.NextInt(2) == 0;
        if (wide)
        {
            if (bigEndian) BinaryPrimitives.WriteInt64BigEndian(field, value);
            else BinaryPrimitives.WriteInt64LittleEndian(field, value);
        }
        else
        {
            if (bigEndian) BinaryPrimitives.WriteInt32BigEndian(field, (int)value);
            else BinaryPrimitives.WriteInt32LittleEndian(field, (int)value);
        }
        int at = _rng.NextInt(n - width + 1);
        for (int i = 0; i < width; i++) bytes[at + i] = field[i];
    }
}
