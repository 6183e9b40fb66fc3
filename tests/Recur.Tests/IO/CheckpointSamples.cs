using Recur.IO;

namespace Recur.Tests.IO;

/// <summary>Small checkpoints with every entry kind, and helpers to compare and patch them.</summary>
public static class CheckpointSamples
{
    /// <summary>float32 values whose bits must survive: NaNs with payloads (quiet, signalling, negative), ±0, ±∞, subnormals.</summary>
    public static float[] SpecialFloats() =>
    [
        BitConverter.Int32BitsToSingle(0x7FC0_0001), BitConverter.Int32BitsToSingle(0x7F80_0001),
        BitConverter.Int32BitsToSingle(unchecked((int)0xFFC1_2345)), -0f, 0f,
        float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon, float.MaxValue, 1.5f, -2.25f,
    ];

    /// <summary>float64 values whose bits must survive.</summary>
    public static double[] SpecialDoubles() =>
    [
        BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0001), BitConverter.Int64BitsToDouble(0x7FF0_0000_0000_0001),
        BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_DEAD_BEEF)), -0.0, double.PositiveInfinity,
        double.NegativeInfinity, double.Epsilon, double.MinValue, 0.1,
    ];

    /// <summary>A checkpoint with every kind, empty entries, a scalar tensor and non-ASCII names.</summary>
    public static CheckpointFile Full()
    {
        var c = new CheckpointFile();
        c.SetTensor("weight_ih_l0", [3, 4], SpecialFloats());
        c.SetTensor("scalar", [], [42f]);
        c.SetTensor("empty_tensor", [0, 5], ReadOnlySpan<float>.Empty);
        c.SetDoubles("exp_avg", [9], SpecialDoubles());
        c.SetDoubles("empty_doubles", [0], ReadOnlySpan<double>.Empty);
        c.SetInt64s("step", [long.MinValue, -1, 0, 1, long.MaxValue]);
        c.SetInt64s("no_longs", ReadOnlySpan<long>.Empty);
        c.SetUInt64s("rng", [ulong.MaxValue, 0x0123_4567_89AB_CDEF, 1, 2]);
        c.SetBytes("vocab", Enumerable.Range(0, 256).Select(i => (byte)i).ToArray());
        c.SetBytes("no_bytes", ReadOnlySpan<byte>.Empty);
        c.SetString("options", "{\"hidden\": 128, \"name\": \"naïve π ≈ 3.14 😀\"}");
        c.SetString("empty_string", "");
        c.SetTensor("权重_β_😀", [2], [1f, 2f]);
        return c;
    }

    /// <summary>A checkpoint of about 200 bytes, for byte-by-byte corruption tests.</summary>
    public static CheckpointFile Small()
    {
        var c = new CheckpointFile();
        c.SetTensor("w", [2, 2], [1f, float.NaN, -0f, 3.5f]);
        c.SetDoubles("m", [2], [0.25, -1e300]);
        c.SetInt64("step", 1234);
        c.SetBytes("vocab", "a\nb\n"u8);
        c.SetString("options", "{\"lr\":0.1}");
        return c;
    }

    /// <summary>The checkpoint's bytes as <see cref="CheckpointFile.Save(Stream)"/> writes them.</summary>
    public static byte[] Bytes(CheckpointFile checkpoint)
    {
        using var stream = new MemoryStream();
        checkpoint.Save(stream);
        return stream.ToArray();
    }

    /// <summary>Loads from bytes, labelled <paramref name="source"/>.</summary>
    public static CheckpointFile Load(byte[] bytes, string source = "mem.ckpt") =>
        CheckpointFile.Load(new MemoryStream(bytes, writable: false), source);

    /// <summary>Rewrites the trailing CRC-32 so that a deliberately edited body passes the checksum.</summary>
    public static byte[] WithFixedChecksum(byte[] bytes)
    {
        byte[] copy = (byte[])bytes.Clone();
        uint crc = Crc32.Compute(copy.AsSpan(0, copy.Length - 4));
        BitConverter.TryWriteBytes(copy.AsSpan(copy.Length - 4), crc);
        return copy;
    }

    /// <summary>Asserts that two checkpoints hold the same names, kinds, shapes and bit-identical payloads.</summary>
    public static void AssertIdentical(CheckpointFile expected, CheckpointFile actual)
    {
        Assert.Equal(expected.Names, actual.Names);
        foreach (string name in expected.Names)
        {
            Assert.Equal(expected.GetKind(name), actual.GetKind(name));
            Assert.Equal(expected.Shape(name), actual.Shape(name));
            switch (expected.GetKind(name))
            {
                case CheckpointEntryKind.Float32:
                    Assert.Equal(expected.GetFloats(name).Select(BitConverter.SingleToInt32Bits), actual.GetFloats(name).Select(BitConverter.SingleToInt32Bits));
                    break;
                case CheckpointEntryKind.Float64:
                    Assert.Equal(expected.GetDoubles(name).Select(BitConverter.DoubleToInt64Bits), actual.GetDoubles(name).Select(BitConverter.DoubleToInt64Bits));
                    break;
                case CheckpointEntryKind.Int64:
                    Assert.Equal(expected.GetInt64s(name), actual.GetInt64s(name));
                    break;
                case CheckpointEntryKind.Bytes:
                    Assert.Equal(expected.GetBytes(name), actual.GetBytes(name));
                    break;
                case CheckpointEntryKind.Utf8:
                    Assert.Equal(expected.GetString(name), actual.GetString(name));
                    break;
                default:
                    Assert.Fail($"Unexpected kind for '{name}'.");
                    break;
            }
        }
    }
}
