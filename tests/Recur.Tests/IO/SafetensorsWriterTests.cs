using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Recur.IO;
using Recur.Training;

namespace Recur.Tests.IO;

public sealed class SafetensorsWriterTests
{
    [Fact]
    public void Write_Header_IsPaddedCompactJsonWithMetadataFirstAndNamesSorted()
    {
        byte[] bytes = SafetensorsSamples.Small();
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, n % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        string json = header.TrimEnd(' ');
        Assert.True(header.Length - json.Length < 8);
        Assert.StartsWith("""{"__metadata__":{"format":"pt","note":"é ✓"},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},""", json);
        Assert.EndsWith("\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}}", json);
        Assert.Equal(8 + (int)n + 32, bytes.Length);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(3, doc.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public void Write_SameTensorsInAnyOrder_SameBytes()
    {
        var a = new SafetensorsTensor("rnn.weight_ih_l0", [4, 2], Enumerable.Range(0, 8).Select(i => i * 0.5f).ToArray());
        var b = new SafetensorsTensor("embedding.weight", [3, 2], new float[6]);
        var c = new SafetensorsTensor("decoder.bias", [3], new float[] { 1, 2, 3 });
        var meta1 = new Dictionary<string, string> { ["z"] = "1", ["a"] = "2" };
        var meta2 = new Dictionary<string, string> { ["a"] = "2", ["z"] = "1" };
        Assert.Equal(Bytes([a, b, c], meta1), Bytes([c, a, b], meta2));
    }

    [Fact]
    public void Write_ThenRead_EveryBitKept()
    {
        var rng = new Rng(7);
        var values = new float[257];
        for (int i = 0; i < values.Length; i++) values[i] = BitConverter.UInt32BitsToSingle((uint)rng.NextInt(int.MaxValue) * 2u + (uint)(i & 1));
        values[0] = -0f;
        values[1] = float.PositiveInfinity;
        values[2] = BitConverter.UInt32BitsToSingle(0x7FC0_1234); // NaN with a payload
        values[3] = float.Epsilon;
        byte[] bytes = Bytes([new SafetensorsTensor("w", [257], values), new SafetensorsTensor("s", [], new float[] { 42 })], null);
        using var reader = SafetensorsSamples.Open(bytes);
        Assert.Empty(reader.Metadata);
        Assert.Equal(values.Select(BitConverter.SingleToUInt32Bits), reader.ReadFloats("w").Select(BitConverter.SingleToUInt32Bits));
        Assert.Equal([42f], reader.ReadFloats("s"));
        Assert.Empty(reader["s"].Shape);
    }

    [Fact]
    public void Write_BadTensors_ThrowArgumentAndLeaveNoFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("w.safetensors");
        var ok = new SafetensorsTensor("a", [2], new float[2]);
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(path, [ok, ok]));
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(path, [new SafetensorsTensor("a", [3], new float[2])]));
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(path, [new SafetensorsTensor("a", [-1], new float[0])]));
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(path, [new SafetensorsTensor(SafetensorsReader.MetadataKey, [2], new float[2])]));
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(path, [new SafetensorsTensor("", [2], new float[2])]));
        Assert.Empty(dir.FileNames());
        SafetensorsWriter.Write(path, [ok]);
        Assert.Equal(["w.safetensors"], dir.FileNames());
    }

    private static byte[] Bytes(IEnumerable<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var stream = new MemoryStream();
        SafetensorsWriter.Write(stream, tensors, metadata);
        return stream.ToArray();
    }
}
