using System.Buffers.Binary;
using System.Text;
using Recur.IO;

namespace Recur.Tests.IO;

/// <summary>Reading well-formed safetensors files, and refusing malformed ones with a message naming the file and the tensor or byte.</summary>
public sealed class SafetensorsReaderTests
{
    /// <summary>What opening a bad file may allocate beyond the file's own size: stream, reader and parser objects.</summary>
    private const long AllocationSlackBytes = 8 << 10;

    private const string Name = "bad.safetensors";

    [Fact]
    public void Open_RecurFile_ReadsTensorsAndMetadata()
    {
        using var reader = SafetensorsSamples.Open(SafetensorsSamples.Small());
        Assert.Equal(["a", "b"], reader.Entries.Select(e => e.Name));
        Assert.Equal([2L, 3L], reader["a"].Shape);
        Assert.Equal(SafetensorsDType.F32, reader["b"].DType);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, reader.ReadFloats("a"));
        Assert.Equal(new float[] { -1.5f, 2.25f }, reader.ReadFloats("b"));
        Assert.Equal("é ✓", reader.Metadata["note"]);
        Assert.Equal(0, reader.DataStart % 8);
    }

    [Fact]
    public void ReadFloats_F16BF16F64_ConvertExactly()
    {
        // 1.5, −2 and 65504 (the largest half) are exact in every type; BF16 holds a float32's upper 16 bits.
        float[] values = [1.5f, -2f, 65504f, 0.333251953125f];
        var half = new byte[8];
        var bf16 = new byte[8];
        var f64 = new byte[32];
        for (int i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(half.AsSpan(2 * i), BitConverter.HalfToUInt16Bits((Half)values[i]));
            BinaryPrimitives.WriteUInt16LittleEndian(bf16.AsSpan(2 * i), (ushort)(BitConverter.SingleToUInt32Bits(values[i]) >> 16));
            BinaryPrimitives.WriteDoubleLittleEndian(f64.AsSpan(8 * i), values[i]);
        }
        byte[] file = SafetensorsSamples.Build(
            """{"h":{"dtype":"F16","shape":[4],"data_offsets":[0,8]},"b":{"dtype":"BF16","shape":[2,2],"data_offsets":[8,16]},"d":{"dtype":"F64","shape":[4],"data_offsets":[16,48]}}""",
            [.. half, .. bf16, .. f64]);
        using var reader = SafetensorsSamples.Open(file);
        Assert.Equal(values, reader.ReadFloats("h"));
        Assert.Equal(values.Select(v => BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(v) & 0xFFFF0000)), reader.ReadFloats("b"));
        Assert.Equal(values, reader.ReadFloats("d"));
    }

    [Fact]
    public void ReadFloats_IntegerDType_ThrowsNamingTensorAndDType()
    {
        byte[] file = SafetensorsSamples.Build("""{"steps":{"dtype":"I64","shape":[],"data_offsets":[0,8]}}""", new byte[8]);
        using var reader = SafetensorsSamples.Open(file, Name);
        var e = Assert.Throws<InvalidDataException>(() => reader.ReadFloats("steps"));
        Assert.Contains(Name, e.Message);
        Assert.Contains("'steps' has dtype I64", e.Message);
    }

    [Fact]
    public void Open_EmptyHeaderAndZeroSizedTensor_Accepted()
    {
        using (var empty = SafetensorsSamples.Open(SafetensorsSamples.Build("{}", [])))
            Assert.Empty(empty.Entries);
        byte[] file = SafetensorsSamples.Build("""{"z":{"dtype":"F32","shape":[0,4],"data_offsets":[0,0]},"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}    """, new byte[4]);
        using var reader = SafetensorsSamples.Open(file);
        Assert.Empty(reader.ReadFloats("z"));
        Assert.Equal([0f], reader.ReadFloats("x"));
    }

    [Fact]
    public void Open_TruncatedAtEveryByte_ThrowsInvalidDataNamingFile()
    {
        byte[] bytes = SafetensorsSamples.Small();
        for (int length = 0; length < bytes.Length; length++)
        {
            var e = Record.Exception(() => SafetensorsSamples.Open(bytes[..length], Name).Dispose());
            Assert.True(e is InvalidDataException, $"cut to {length} of {bytes.Length} bytes: {e?.GetType().Name ?? "no exception"} {e?.Message}");
            Assert.StartsWith(Name + ": ", e!.Message);
        }
    }

    [Fact]
    public void Open_TruncatedFileOnDisk_ThrowsInvalidDataNamingPath()
    {
        using var dir = new TempDirectory();
        string path = dir.File("cut.safetensors");
        byte[] bytes = SafetensorsSamples.Small();
        File.WriteAllBytes(path, bytes[..^3]);
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsReader.Open(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains("data_offsets", e.Message);
    }

    public static TheoryData<string, string, int, string> Malformed() => new()
    {
        // header text, data length, expected fragment of the message
        { "header not an object", "[1, 2]", 0, "is not a JSON object" },
        { "invalid JSON", """{"a":{"dtype":"F32",}""", 0, "not valid JSON" },
        { "trailing garbage", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}} x""", 4, "not valid JSON" },
        { "unknown dtype", """{"a":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}}""", 4, "tensor 'a' (file byte 9) has the unknown dtype 'F33'" },
        { "dtype lower case", """{"a":{"dtype":"f32","shape":[1],"data_offsets":[0,4]}}""", 4, "unknown dtype 'f32'" },
        { "dtype not a string", """{"a":{"dtype":4,"shape":[1],"data_offsets":[0,4]}}""", 4, "dtype (file byte" },
        { "dtype missing", """{"a":{"shape":[1],"data_offsets":[0,4]}}""", 4, "tensor 'a' (file byte 9) lacks dtype" },
        { "shape missing", """{"a":{"dtype":"F32","data_offsets":[0,4]}}""", 4, "lacks shape" },
        { "offsets missing", """{"a":{"dtype":"F32","shape":[1]}}""", 4, "lacks data_offsets" },
        { "negative dimension", """{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", 4, "shape (file byte" },
        { "fractional dimension", """{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}""", 4, "non-negative integer" },
        { "one offset", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[4]}}""", 4, "data_offsets has 1 numbers" },
        { "offsets reversed", """{"a":{"dtype":"F32","shape":[0],"data_offsets":[4,0]}}""", 4, "end before they begin" },
        { "shape larger than offsets", """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}""", 4, "needs 8 bytes, but data_offsets [0, 4] hold 4" },
        { "wrong dtype for bytes", """{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,8]}}""", 8, "shape [2] of F16 needs 4 bytes" },
        { "shape overflows", """{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}""", 4, "overflows 64 bits" },
        { "offsets past the data", """{"a":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 8, "tensor 'a': data_offsets [4, 12] run past the data section, which holds 8 bytes" },
        { "overlap", """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12, "tensors 'a' [0, 8) and 'b' [4, 12) overlap" },
        { "gap", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", 12, "data bytes 4..7" },
        { "trailing data", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 9, "data bytes 4..8" },
        { "duplicate tensor", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "tensor 'a' appears twice" },
        { "duplicate field", """{"a":{"dtype":"F32","dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 4, "field dtype appears twice" },
        { "duplicate metadata", """{"__metadata__":{},"__metadata__":{}}""", 0, "__metadata__ appears twice" },
        { "metadata not strings", """{"__metadata__":{"n":1}}""", 0, "__metadata__ entry 'n'" },
        { "metadata repeated key", """{"__metadata__":{"n":"1","n":"2"}}""", 0, "entry 'n' appears twice" },
        { "tensor not an object", """{"a":[1]}""", 0, "tensor 'a' (file byte 9) is not described by a JSON object" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Open_MalformedHeader_ThrowsInvalidDataNamingFileAndPlace(string what, string header, int dataLength, string fragment)
    {
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsSamples.Open(SafetensorsSamples.Build(header, new byte[dataLength]), Name));
        Assert.StartsWith(Name + ": ", e.Message);
        Assert.True(e.Message.Contains(fragment, StringComparison.Ordinal), $"{what}: '{e.Message}' lacks '{fragment}'");
    }

    [Fact]
    public void Open_InvalidUtf8_ThrowsNamingByte()
    {
        byte[] header = [.. "{\"a\u00e9"u8, 0xFF, .. "\":{}}"u8];
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsSamples.Open(SafetensorsSamples.Build(header, []), Name));
        Assert.Equal($"{Name}: the header is not valid UTF-8 (file byte {8 + 5}).", e.Message);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(0UL)]
    public void Open_HeaderTooShortForAnObject_Throws(ulong length)
    {
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsSamples.Open(SafetensorsSamples.Build("{}", [], length), Name));
        Assert.Contains($"a header of {length} bytes", e.Message);
    }

    [Theory]
    [InlineData(1UL << 40)]
    [InlineData(ulong.MaxValue)]
    [InlineData(SafetensorsReader.MaxHeaderBytes + 1)]
    public void Open_HeaderLengthPastTheFile_ThrowsWithoutAllocatingIt(ulong claimed)
    {
        byte[] file = SafetensorsSamples.Build("{}", [], claimed);
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsSamples.Open(file, Name));
        Assert.Equal($"{Name}: the header length {claimed} (bytes 0..7) runs past the end of the file ({file.Length} bytes).", e.Message);
    }

    [Fact]
    public void Open_HeaderLengthAboveLimit_Throws()
    {
        using var dir = new TempDirectory();
        string path = dir.File("big.safetensors");
        // A sparse file longer than the limit, whose header claims all of it.
        using (var f = new FileStream(path, FileMode.CreateNew))
        {
            Span<byte> prefix = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, SafetensorsReader.MaxHeaderBytes + 8);
            f.Write(prefix);
            f.SetLength(SafetensorsReader.MaxHeaderBytes + 16);
        }
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsReader.Open(path));
        Assert.Contains($"exceeds the limit of {SafetensorsReader.MaxHeaderBytes} bytes", e.Message);
    }

    public static TheoryData<string, string> Huge() => new()
    {
        { "header length", "" },
        { "shape", """{"w":{"dtype":"F32","shape":[1000000,1000000],"data_offsets":[0,4000000000000]}}""" },
        { "offsets", """{"w":{"dtype":"F32","shape":[],"data_offsets":[9223372036854775800,9223372036854775804]}}""" },
    };

    [Theory]
    [MemberData(nameof(Huge))]
    public void Open_FileClaimingHugeSizes_AllocatesAtMostItsSize(string what, string header)
    {
        using var dir = new TempDirectory();
        string path = dir.File("huge.safetensors");
        byte[] file = header.Length == 0 ? SafetensorsSamples.Build("{}", new byte[64], 1UL << 50) : SafetensorsSamples.Build(header, new byte[64]);
        File.WriteAllBytes(path, file);
        Assert.Throws<InvalidDataException>(() => SafetensorsReader.Open(path));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Record.Exception(() => SafetensorsReader.Open(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.IsType<InvalidDataException>(e);
        Assert.True(allocated <= file.Length + AllocationSlackBytes, $"{what}: allocated {allocated} bytes for a {file.Length}-byte file");
    }

    [Fact]
    public void Open_Directory_ThrowsArgument()
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentException>(() => SafetensorsReader.Open(dir.Path));
        Assert.Throws<FileNotFoundException>(() => SafetensorsReader.Open(dir.File("none.safetensors")));
    }

    [Fact]
    public void Open_UnknownFieldInEntry_Ignored()
    {
        byte[] file = SafetensorsSamples.Build("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"note":{"x":[1,2]}}}""", BitConverter.GetBytes(3f));
        using var reader = SafetensorsSamples.Open(file);
        Assert.Equal([3f], reader.ReadFloats("a"));
    }

    [Fact]
    public void Message_NamesFileOffsetOfTheTensor()
    {
        string header = """{"__metadata__":{"k":"v"},"w":{"dtype":"X","shape":[1],"data_offsets":[0,4]}}""";
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsSamples.Open(SafetensorsSamples.Build(header, new byte[4]), Name));
        int at = 8 + Encoding.UTF8.GetByteCount(header[..header.IndexOf("\"w\"", StringComparison.Ordinal)]);
        Assert.Equal($"{Name}: tensor 'w' (file byte {at}) has the unknown dtype 'X'.", e.Message);
    }
}
