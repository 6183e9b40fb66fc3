using System.Text;
using Recur.IO;

namespace Recur.Tests.IO;

public sealed class Crc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Compute_KnownVector_MatchesStandardValue(string text, uint expected) =>
        Assert.Equal(expected, Crc32.Compute(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Compute_EveryLengthTo40_MatchesBitwiseDefinition()
    {
        var data = new byte[40];
        new Random(7).NextBytes(data);
        for (int n = 0; n <= data.Length; n++)
            Assert.Equal(Bitwise(data.AsSpan(0, n)), Crc32.Compute(data.AsSpan(0, n)));
    }

    [Fact]
    public void Append_InPieces_MatchesOneCall()
    {
        var data = new byte[1000];
        new Random(3).NextBytes(data);
        var crc = new Crc32();
        crc.Append(data.AsSpan(0, 3));
        crc.Append(data.AsSpan(3, 500));
        crc.Append(data.AsSpan(503));
        Assert.Equal(Crc32.Compute(data), crc.Value);
    }

    private static uint Bitwise(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFF_FFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
                crc = (crc >> 1) ^ (0xEDB8_8320u & (0u - (crc & 1)));
        }
        return ~crc;
    }
}
