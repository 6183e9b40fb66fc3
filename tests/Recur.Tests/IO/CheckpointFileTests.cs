using Recur.IO;

namespace Recur.Tests.IO;

public sealed class CheckpointFileTests
{
    [Fact]
    public void SaveLoad_StreamEveryKind_BitIdentical()
    {
        CheckpointFile original = CheckpointSamples.Full();
        CheckpointFile loaded = CheckpointSamples.Load(CheckpointSamples.Bytes(original));
        CheckpointSamples.AssertIdentical(original, loaded);
        Assert.Equal("mem.ckpt", loaded.Source);
    }

    [Fact]
    public void SaveLoad_FileEveryKind_BitIdenticalAndSameBytes()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.ckpt");
        CheckpointFile original = CheckpointSamples.Full();
        original.Save(path);
        CheckpointFile loaded = CheckpointFile.Load(path);
        CheckpointSamples.AssertIdentical(original, loaded);
        Assert.Equal(path, loaded.Source);
        Assert.Equal(CheckpointSamples.Bytes(original), File.ReadAllBytes(path));
        Assert.Equal(["model.ckpt"], dir.FileNames());
    }

    [Fact]
    public void SaveLoad_SpecialValues_KeepEveryBit()
    {
        CheckpointFile loaded = CheckpointSamples.Load(CheckpointSamples.Bytes(CheckpointSamples.Full()));
        Assert.Equal(CheckpointSamples.SpecialFloats().Select(BitConverter.SingleToInt32Bits),
            loaded.GetFloats("weight_ih_l0").Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(CheckpointSamples.SpecialDoubles().Select(BitConverter.DoubleToInt64Bits),
            loaded.GetDoubles("exp_avg").Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal([long.MinValue, -1, 0, 1, long.MaxValue], loaded.GetInt64s("step"));
        Assert.Equal([ulong.MaxValue, 0x0123_4567_89AB_CDEF, 1, 2], loaded.GetUInt64s("rng"));
        Assert.Equal("{\"hidden\": 128, \"name\": \"naïve π ≈ 3.14 😀\"}", loaded.GetString("options"));
        Assert.Equal([1f, 2f], loaded.GetFloats("权重_β_😀"));
        Assert.Equal([42f], loaded.GetFloats("scalar"));
        Assert.Empty(loaded.Shape("scalar"));
    }

    [Fact]
    public void SaveLoad_EmptyEntries_KeepShapes()
    {
        CheckpointFile loaded = CheckpointSamples.Load(CheckpointSamples.Bytes(CheckpointSamples.Full()));
        Assert.Equal([0, 5], loaded.Shape("empty_tensor"));
        Assert.Empty(loaded.GetFloats("empty_tensor"));
        Assert.Empty(loaded.GetDoubles("empty_doubles"));
        Assert.Empty(loaded.GetInt64s("no_longs"));
        Assert.Empty(loaded.GetBytes("no_bytes"));
        Assert.Equal("", loaded.GetString("empty_string"));
        Assert.Equal([0], loaded.Shape("no_bytes"));
    }

    [Fact]
    public void SaveLoad_EmptyCheckpoint_RoundTrips()
    {
        byte[] bytes = CheckpointSamples.Bytes(new CheckpointFile());
        Assert.Equal(8 + 4 + 4 + 4, bytes.Length);
        Assert.Equal(0, CheckpointSamples.Load(bytes).Count);
    }

    [Fact]
    public void Save_SmallCheckpoint_HasDocumentedLayout()
    {
        var c = new CheckpointFile();
        c.SetTensor("w", [2], [1f, -2f]);
        byte[] b = CheckpointSamples.Bytes(c);
        byte[] expectedBody =
        [
            .. "RECURCKP"u8, 1, 0, 0, 0, 1, 0, 0, 0,
            1, 0, 0, 0, (byte)'w', 1, 1, 2, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0,
            0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0,
        ];
        Assert.Equal(expectedBody, b[..^4]);
        Assert.Equal(Crc32.Compute(expectedBody), BitConverter.ToUInt32(b, b.Length - 4));
    }

    [Fact]
    public void Load_NonSeekableStream_RoundTrips()
    {
        CheckpointFile original = CheckpointSamples.Small();
        using var stream = new NonSeekableReadStream(CheckpointSamples.Bytes(original));
        CheckpointSamples.AssertIdentical(original, CheckpointFile.Load(stream, "pipe"));
    }

    [Fact]
    public void Set_ExistingName_ReplacesInPlace()
    {
        var c = new CheckpointFile();
        c.SetInt64("a", 1);
        c.SetString("b", "x");
        c.SetInt64("c", 3);
        c.SetTensor("b", [1], [7f]);
        Assert.Equal(["a", "b", "c"], c.Names);
        Assert.Equal(CheckpointEntryKind.Float32, c.GetKind("b"));
        Assert.Equal([7f], c.GetFloats("b"));
    }

    [Fact]
    public void Remove_Entry_KeepsOrderOfOthers()
    {
        var c = new CheckpointFile();
        c.SetInt64("a", 1);
        c.SetInt64("b", 2);
        c.SetInt64("c", 3);
        Assert.True(c.Remove("b"));
        Assert.False(c.Remove("b"));
        Assert.Equal(["a", "c"], c.Names);
        Assert.Equal(3, c.GetInt64("c"));
        Assert.False(c.Contains("b"));
        Assert.True(c.Contains("a"));
    }

    [Fact]
    public void Getters_ReturnCopies_ContainerUnchanged()
    {
        var c = new CheckpointFile();
        float[] data = [1f, 2f];
        c.SetTensor("w", [2], data);
        data[0] = 9f;
        c.GetFloats("w")[1] = 9f;
        c.Shape("w")[0] = 9;
        c.SetBytes("b", [1, 2]);
        c.GetBytes("b")[0] = 9;
        Assert.Equal([1f, 2f], c.GetFloats("w"));
        Assert.Equal([2], c.Shape("w"));
        Assert.Equal([1, 2], c.GetBytes("b"));
    }

    [Fact]
    public void CopyFloats_MatchingLength_FillsDestination()
    {
        var c = new CheckpointFile();
        c.SetTensor("w", [2, 2], [1f, 2f, 3f, 4f]);
        c.SetDoubles("d", [2], [5.0, 6.0]);
        var floats = new float[4];
        var doubles = new double[2];
        c.CopyFloats("w", floats);
        c.CopyDoubles("d", doubles);
        Assert.Equal([1f, 2f, 3f, 4f], floats);
        Assert.Equal([5.0, 6.0], doubles);
    }

    [Fact]
    public void CopyFloats_LengthMismatch_ThrowsInvalidData()
    {
        var c = new CheckpointFile();
        c.SetTensor("w", [2, 2], [1f, 2f, 3f, 4f]);
        var e = Assert.Throws<InvalidDataException>(() => c.CopyFloats("w", new float[3]));
        Assert.Contains("'w'", e.Message);
    }

    [Fact]
    public void Get_MissingEntryInMemory_ThrowsInvalidDataNamingCheckpointAndEntry()
    {
        var c = new CheckpointFile();
        var e = Assert.Throws<InvalidDataException>(() => c.GetFloats("decoder.weight"));
        Assert.StartsWith("checkpoint:", e.Message);
        Assert.Contains("'decoder.weight'", e.Message);
        Assert.Throws<InvalidDataException>(() => c.Shape("x"));
        Assert.Throws<InvalidDataException>(() => c.GetKind("x"));
        Assert.Throws<InvalidDataException>(() => c.GetString("x"));
    }

    [Fact]
    public void Get_MissingEntryLoaded_ThrowsInvalidDataNamingFileAndEntry()
    {
        using var dir = new TempDirectory();
        string path = dir.File("run.ckpt");
        CheckpointSamples.Small().Save(path);
        var e = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path).GetInt64s("rng"));
        Assert.StartsWith(path + ":", e.Message);
        Assert.Contains("'rng'", e.Message);
    }

    [Fact]
    public void Get_WrongKind_ThrowsInvalidData()
    {
        CheckpointFile c = CheckpointSamples.Small();
        Assert.Throws<InvalidDataException>(() => c.GetDoubles("w"));
        Assert.Throws<InvalidDataException>(() => c.GetFloats("m"));
        Assert.Throws<InvalidDataException>(() => c.GetString("vocab"));
        Assert.Throws<InvalidDataException>(() => c.GetBytes("options"));
        Assert.Throws<InvalidDataException>(() => c.GetInt64s("w"));
    }

    [Fact]
    public void GetInt64_NotOneValue_ThrowsInvalidData()
    {
        var c = new CheckpointFile();
        c.SetInt64s("pair", [1, 2]);
        Assert.Throws<InvalidDataException>(() => c.GetInt64("pair"));
    }

    [Fact]
    public void SetTensor_ShapeDisagreesWithData_ThrowsArgument()
    {
        var c = new CheckpointFile();
        Assert.Throws<ArgumentException>(() => c.SetTensor("w", [2, 3], new float[5]));
        Assert.Throws<ArgumentException>(() => c.SetTensor("w", [], new float[0]));
        Assert.Throws<ArgumentException>(() => c.SetTensor("w", [-1, -2], new float[2]));
        Assert.Throws<ArgumentException>(() => c.SetDoubles("w", new int[CheckpointFile.MaxRank + 1], ReadOnlySpan<double>.Empty));
        Assert.Throws<ArgumentException>(() => c.SetTensor("w", [int.MaxValue, int.MaxValue, int.MaxValue], new float[1]));
        Assert.Equal(0, c.Count);
    }

    [Fact]
    public void SetTensor_HugeDimensionTimesZero_RoundTrips()
    {
        var c = new CheckpointFile();
        c.SetTensor("w", [int.MaxValue, int.MaxValue, 0], ReadOnlySpan<float>.Empty);
        Assert.Equal([int.MaxValue, int.MaxValue, 0], CheckpointSamples.Load(CheckpointSamples.Bytes(c)).Shape("w"));
    }

    [Fact]
    public void Set_EmptyOrUnpairedSurrogateName_ThrowsArgument()
    {
        var c = new CheckpointFile();
        foreach (string name in new[] { "", new string((char)0xD800, 1), "a" + (char)0xDC00 + "b" })
            Assert.ThrowsAny<ArgumentException>(() => c.SetInt64(name, 1));
        Assert.Equal(0, c.Count);
    }

    [Fact]
    public void Set_NameTooLong_ThrowsArgument()
    {
        var c = new CheckpointFile();
        c.SetInt64(new string('a', CheckpointFile.MaxNameBytes), 1);
        Assert.Throws<ArgumentException>(() => c.SetInt64(new string('a', CheckpointFile.MaxNameBytes + 1), 1));
        Assert.Throws<ArgumentException>(() => c.SetInt64(new string('é', CheckpointFile.MaxNameBytes / 2 + 1), 1));
    }

    [Fact]
    public void SetString_UnpairedSurrogate_ThrowsArgument()
    {
        var c = new CheckpointFile();
        Assert.Throws<ArgumentException>(() => c.SetString("s", "x" + (char)0xD83D));
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFoundNamingPath()
    {
        using var dir = new TempDirectory();
        string path = dir.File("absent.ckpt");
        var e = Assert.Throws<FileNotFoundException>(() => CheckpointFile.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Load_Directory_ThrowsIOExceptionNamingPath()
    {
        using var dir = new TempDirectory();
        Exception e = Record.Exception(() => CheckpointFile.Load(dir.Path))!;
        Assert.True(e is IOException or UnauthorizedAccessException, $"Unexpected {e.GetType()}: {e.Message}");
        Assert.Contains(dir.Path, e.Message);
    }

    /// <summary>A read-only, forward-only view of a byte array, like a pipe.</summary>
    private sealed class NonSeekableReadStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes, writable: false);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
