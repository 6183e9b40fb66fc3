using System.Buffers.Binary;
using System.Text;
using Recur.IO;

namespace Recur.Tests.IO;

/// <summary>Hand-made safetensors bytes for reader tests.</summary>
public static class SafetensorsSamples
{
    /// <summary>8-byte little-endian length, then the header text (UTF-8, unpadded) and the data.</summary>
    public static byte[] Build(string header, byte[] data, ulong? claimedLength = null)
    {
        byte[] text = Encoding.UTF8.GetBytes(header);
        return Build(text, data, claimedLength);
    }

    /// <summary>8-byte little-endian length (the header's, or <paramref name="claimedLength"/>), then header bytes and data.</summary>
    public static byte[] Build(byte[] header, byte[] data, ulong? claimedLength = null)
    {
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, claimedLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    /// <summary>Two float32 tensors ("a" [2, 3], "b" [2]) and metadata, as Recur writes them.</summary>
    public static byte[] Small()
    {
        using var stream = new MemoryStream();
        SafetensorsWriter.Write(stream,
            [new SafetensorsTensor("b", [2], new float[] { -1.5f, 2.25f }), new SafetensorsTensor("a", [2, 3], new float[] { 1, 2, 3, 4, 5, 6 })],
            new Dictionary<string, string> { ["format"] = "pt", ["note"] = "é ✓" });
        return stream.ToArray();
    }

    /// <summary>Opens in-memory bytes as the file <paramref name="name"/>.</summary>
    public static SafetensorsReader Open(byte[] bytes, string name = "test.safetensors") =>
        SafetensorsReader.Open(new MemoryStream(bytes, writable: false), name);
}
