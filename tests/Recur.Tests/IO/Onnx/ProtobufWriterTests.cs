using Recur.IO.Onnx;

namespace Recur.Tests.IO.Onnx;

/// <summary>The wire format against the worked examples of the Protocol Buffers encoding documentation.</summary>
public sealed class ProtobufWriterTests
{
    [Fact]
    public void WriteInt64_150InField1_Is089601()
    {
        var w = new ProtobufWriter();
        w.WriteInt64(1, 150);
        Assert.Equal([0x08, 0x96, 0x01], w.Written.ToArray());
    }

    [Fact]
    public void WriteInt64_MinusOne_TakesTenBytes()
    {
        var w = new ProtobufWriter();
        w.WriteInt64(1, -1);
        Assert.Equal([0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], w.Written.ToArray());
    }

    [Fact]
    public void WriteString_TestingInField2_IsLengthDelimited()
    {
        var w = new ProtobufWriter();
        w.WriteString(2, "testing");
        Assert.Equal([0x12, 0x07, .. "testing"u8.ToArray()], w.Written.ToArray());
    }

    [Fact]
    public void WriteMessage_NestedField1Of150InField3_Is1A03089601()
    {
        var w = new ProtobufWriter();
        w.WriteMessage(3, inner => inner.WriteInt64(1, 150));
        Assert.Equal([0x1A, 0x03, 0x08, 0x96, 0x01], w.Written.ToArray());
    }

    [Fact]
    public void WriteFloat_One_IsFixed32LittleEndian()
    {
        var w = new ProtobufWriter();
        w.WriteFloat(2, 1f);
        Assert.Equal([0x15, 0x00, 0x00, 0x80, 0x3F], w.Written.ToArray());
    }

    [Fact]
    public void WriteRawInt64s_TwoValues_AreSixteenLittleEndianBytes()
    {
        var w = new ProtobufWriter();
        w.WriteRawInt64s(9, [1, -2]);
        Assert.Equal([0x4A, 0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], w.Written.ToArray());
    }

    [Fact]
    public void WriteRawFloats_LongPayload_HasATwoByteLength()
    {
        var w = new ProtobufWriter();
        w.WriteRawFloats(9, new float[40]);
        // 160 bytes: varint 0xA0 0x01
        Assert.Equal([0x4A, 0xA0, 0x01], w.Written[..3].ToArray());
        Assert.Equal(3 + 160, w.Written.Length);
    }

    [Fact]
    public void WriteInt64_FieldZero_Throws()
    {
        var w = new ProtobufWriter();
        Assert.Throws<ArgumentOutOfRangeException>(() => w.WriteInt64(0, 1));
    }
}
