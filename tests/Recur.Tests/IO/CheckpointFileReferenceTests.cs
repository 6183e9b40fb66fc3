using Recur.IO;

namespace Recur.Tests.IO;

/// <summary><see cref="CheckpointFile.SetTensorReference"/>: the same bytes as a copied tensor, read at save time, no copy made.</summary>
public sealed class CheckpointFileReferenceTests
{
    [Fact]
    public void Save_ReferencedTensor_SameBytesAsCopiedTensor()
    {
        var values = new float[] { 1.5f, -0f, float.NaN, float.Epsilon, 3e38f, -7f };
        var copied = new CheckpointFile();
        copied.SetTensor("w", [2, 3], values);
        copied.SetString("note", "x");
        var referenced = new CheckpointFile();
        referenced.SetTensorReference("w", [2, 3], values);
        referenced.SetString("note", "x");
        Assert.Equal(Bytes(copied), Bytes(referenced));
        Assert.Equal(values, referenced.GetFloats("w"));
    }

    [Fact]
    public void Save_ValuesChangedAfterSet_SavesTheValuesAtSaveTime()
    {
        var values = new float[] { 1, 2, 3 };
        var file = new CheckpointFile();
        file.SetTensorReference("w", [3], values);
        values[1] = 20;
        var loaded = CheckpointFile.Load(new MemoryStream(Bytes(file)), "memory");
        Assert.Equal([1f, 20f, 3f], loaded.GetFloats("w"));
    }

    [Fact]
    public void Save_LargeReferencedTensor_AllocatesFarLessThanItsSize()
    {
        var values = new float[1 << 20];
        var file = new CheckpointFile();
        file.SetTensorReference("w", [values.Length], values);
        file.Save(Stream.Null);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var again = new CheckpointFile();
        again.SetTensorReference("w", [values.Length], values);
        again.Save(Stream.Null);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64 * 1024, $"saving a 4 MiB referenced tensor allocated {allocated} bytes");
    }

    [Fact]
    public void SetTensorReference_LengthDisagreesWithShape_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new CheckpointFile().SetTensorReference("w", [2, 2], new float[3]));
    }

    private static byte[] Bytes(CheckpointFile file)
    {
        using var stream = new MemoryStream();
        file.Save(stream);
        return stream.ToArray();
    }
}
