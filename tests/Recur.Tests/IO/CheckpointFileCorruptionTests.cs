using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Recur.IO;

namespace Recur.Tests.IO;

public sealed partial class CheckpointFileCorruptionTests
{
    /// <summary>A corrupt header may cost the loader at most this much memory.</summary>
    private const long AllocationBudgetBytes = 10L << 20;

    [Fact]
    public void Load_TruncatedAtEveryOffset_ThrowsInvalidData()
    {
        byte[] bytes = CheckpointSamples.Bytes(CheckpointSamples.Small());
        for (int length = 0; length < bytes.Length; length++)
        {
            Exception? e = Record.Exception(() => CheckpointSamples.Load(bytes[..length], "cut.ckpt"));
            Assert.True(e is InvalidDataException, $"Truncated to {length} of {bytes.Length} bytes: {e?.GetType().Name ?? "no exception"} {e?.Message}");
            AssertMessageFormat("cut.ckpt", e!.Message);
        }
    }

    [Fact]
    public void Load_TruncatedFileOnDisk_ThrowsInvalidDataNamingPath()
    {
        using var dir = new TempDirectory();
        string path = dir.File("cut.ckpt");
        byte[] bytes = CheckpointSamples.Bytes(CheckpointSamples.Small());
        foreach (int length in new[] { 0, 7, 15, bytes.Length / 2, bytes.Length - 1 })
        {
            File.WriteAllBytes(path, bytes[..length]);
            var e = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path));
            AssertMessageFormat(path, e.Message);
        }
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x80)]
    [InlineData(0xFF)]
    public void Load_AnySingleByteFlipped_ThrowsInvalidData(byte mask)
    {
        byte[] bytes = CheckpointSamples.Bytes(CheckpointSamples.Small());
        for (int offset = 0; offset < bytes.Length; offset++)
        {
            byte[] bad = (byte[])bytes.Clone();
            bad[offset] ^= mask;
            Exception? e = Record.Exception(() => CheckpointSamples.Load(bad));
            Assert.True(e is InvalidDataException, $"Byte {offset} ^ 0x{mask:X2}: {e?.GetType().Name ?? "no exception"} {e?.Message}");
        }
    }

    [Fact]
    public void Load_PayloadByteFlipped_ReportsChecksumMismatch()
    {
        byte[] bytes = CheckpointSamples.Bytes(CheckpointSamples.Small());
        // The first payload: the 16 bytes of "w" right after its 22-byte header, which starts at byte 16.
        bytes[16 + 4 + 1 + 1 + 1 + 8 + 8 + 5] ^= 0x10;
        var e = Assert.Throws<InvalidDataException>(() => CheckpointSamples.Load(bytes, "flip.ckpt"));
        Assert.Contains("checksum mismatch", e.Message);
        Assert.EndsWith($"at byte {bytes.Length - 4}", e.Message);
    }

    [Fact]
    public void Load_AppendedByte_ThrowsInvalidData()
    {
        byte[] bytes = [.. CheckpointSamples.Bytes(CheckpointSamples.Small()), 0];
        var e = Assert.Throws<InvalidDataException>(() => CheckpointSamples.Load(bytes));
        Assert.Contains("after the checksum", e.Message);
    }

    [Fact]
    public void Load_BadMagic_ThrowsInvalidData()
    {
        byte[] bytes = CheckpointSamples.Bytes(CheckpointSamples.Small());
        bytes[3] = (byte)'X';
        var e = Assert.Throws<InvalidDataException>(() => CheckpointSamples.Load(CheckpointSamples.WithFixedChecksum(bytes)));
        Assert.Contains("bad magic", e.Message);
        Assert.EndsWith("at byte 0", e.Message);
    }

    [Fact]
    public void Load_NewerVersion_ThrowsInvalidData()
    {
        byte[] bytes = CheckpointSamples.Bytes(CheckpointSamples.Small());
        bytes[8] = 2;
        var e = Assert.Throws<InvalidDataException>(() => CheckpointSamples.Load(CheckpointSamples.WithFixedChecksum(bytes)));
        Assert.Contains("version 2", e.Message);
        Assert.EndsWith("at byte 8", e.Message);
    }

    [Fact]
    public void Load_DuplicateName_ThrowsInvalidData()
    {
        var c = new CheckpointFile();
        c.SetInt64("ab", 1);
        c.SetInt64("ac", 2);
        byte[] bytes = CheckpointSamples.Bytes(c);
        int second = Array.LastIndexOf(bytes, (byte)'c');
        bytes[second] = (byte)'b';
        var e = Assert.Throws<InvalidDataException>(() => CheckpointSamples.Load(CheckpointSamples.WithFixedChecksum(bytes)));
        Assert.Contains("duplicate entry name 'ab'", e.Message);
    }

    [Fact]
    public void Load_InvalidUtf8String_ThrowsInvalidData()
    {
        var c = new CheckpointFile();
        c.SetString("s", "ab");
        byte[] bytes = CheckpointSamples.Bytes(c);
        bytes[^6] = 0xC3;
        var e = Assert.Throws<InvalidDataException>(() => CheckpointSamples.Load(CheckpointSamples.WithFixedChecksum(bytes)));
        Assert.Contains("not valid UTF-8", e.Message);
    }

    [Fact]
    public void Load_ShapeDisagreesWithLength_ThrowsInvalidData()
    {
        var c = new CheckpointFile();
        c.SetTensor("w", [2], [1f, 2f]);
        byte[] bytes = CheckpointSamples.Bytes(c);
        bytes[16 + 4 + 1 + 2] = 3; // dims[0] = 3, payload still 8 bytes
        var e = Assert.Throws<InvalidDataException>(() => CheckpointSamples.Load(CheckpointSamples.WithFixedChecksum(bytes)));
        Assert.Contains("needs 12", e.Message);
        Assert.EndsWith("at byte 27", e.Message);
    }

    [Theory]
    [InlineData(1, 1u << 29, 1L << 31)]
    [InlineData(1, 1u << 29, long.MaxValue)]
    [InlineData(1, 0x7FFF_FFFFu, 0x1_FFFF_FFFCL)]
    [InlineData(1, 5u, -20L)]
    [InlineData(2, 5u, 40L)]
    public void Load_HeaderClaimsHugeTensor_ThrowsWithoutAllocating(byte kind, uint dim, long payloadLength)
    {
        using var dir = new TempDirectory();
        string path = dir.File("huge.ckpt");
        var bytes = new byte[200];
        "RECURCKP"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), 1);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), 1);
        bytes[20] = (byte)'w';
        bytes[21] = kind;
        bytes[22] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(23), dim);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(27), payloadLength);
        File.WriteAllBytes(path, CheckpointSamples.WithFixedChecksum(bytes));

        AssertThrowsWithinBudget(path);
    }

    [Theory]
    [InlineData(12, uint.MaxValue)]
    [InlineData(12, 100u)]
    [InlineData(16, 0x7FFF_FFFFu)]
    [InlineData(16, 0x8000_0000u)]
    public void Load_HeaderClaimsHugeCount_ThrowsWithoutAllocating(int offset, uint value)
    {
        using var dir = new TempDirectory();
        string path = dir.File("count.ckpt");
        var c = new CheckpointFile();
        c.SetInt64("step", 5);
        byte[] bytes = [.. CheckpointSamples.Bytes(c)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), value);
        File.WriteAllBytes(path, CheckpointSamples.WithFixedChecksum(bytes));

        AssertThrowsWithinBudget(path);
    }

    [Fact]
    public void Load_RankTooHigh_ThrowsInvalidData()
    {
        var c = new CheckpointFile();
        c.SetTensor("w", [1], [1f]);
        byte[] bytes = CheckpointSamples.Bytes(c);
        bytes[22] = CheckpointFile.MaxRank + 1;
        var e = Assert.Throws<InvalidDataException>(() => CheckpointSamples.Load(CheckpointSamples.WithFixedChecksum(bytes)));
        Assert.Contains("rank 17", e.Message);
    }

    [Fact]
    public void Load_NegativeDimension_ThrowsInvalidData()
    {
        var c = new CheckpointFile();
        c.SetTensor("w", [1], [1f]);
        byte[] bytes = CheckpointSamples.Bytes(c);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(23), -1);
        var e = Assert.Throws<InvalidDataException>(() => CheckpointSamples.Load(CheckpointSamples.WithFixedChecksum(bytes)));
        Assert.Contains("negative dimension", e.Message);
        Assert.EndsWith("at byte 23", e.Message);
    }

    private static void AssertThrowsWithinBudget(string path)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Exception? e = Record.Exception(() => CheckpointFile.Load(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(e is InvalidDataException, $"{e?.GetType().Name ?? "no exception"}: {e?.Message}");
        AssertMessageFormat(path, e!.Message);
        Assert.True(allocated < AllocationBudgetBytes, $"Allocated {allocated} bytes for a corrupt header.");
    }

    private static void AssertMessageFormat(string source, string message) =>
        Assert.Matches($"^{Regex.Escape(source)}: .+ at byte [0-9]+$", message);
}
