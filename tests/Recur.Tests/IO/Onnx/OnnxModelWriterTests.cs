using Recur.IO.Onnx;

namespace Recur.Tests.IO.Onnx;

/// <summary>
/// The encoded <c>ModelProto</c> as ONNX Runtime reads it: a small graph whose result depends on a float attribute, a
/// negative int attribute, an ints attribute, an initializer and a dynamic axis.
/// </summary>
public sealed class OnnxModelWriterTests
{
    [Fact]
    public void Encode_SmallGraph_RunsInOnnxRuntimeWithTheEncodedAttributes()
    {
        // y = Transpose(Concat([LeakyRelu(x, α = 0.25), x + w], axis = −1), perm = [1, 0])      x [2, n] → y [2n, 2]
        var g = new OnnxGraph("writer_test");
        g.AddInput("x", OnnxElementType.Float, 2, "n");
        string w = g.AddFloats("w", [2, 1], [10f, -20f]);
        string leaky = g.Add("LeakyRelu", ["x"], [OnnxAttribute.Float("alpha", 0.25f)]);
        string sum = g.Add("Add", ["x", w]);
        string joined = g.Add("Concat", [leaky, sum], [OnnxAttribute.Int("axis", -1)]);
        g.Add("Transpose", [joined], [OnnxAttribute.Ints("perm", 1, 0)], output: "y");
        g.AddOutput("y", OnnxElementType.Float, "m", 2);
        using var dir = new TempDirectory();
        string path = dir.File("small.onnx");
        File.WriteAllBytes(path, OnnxModelWriter.Encode(g, "test"));

        var y = OnnxRun.Run(path, new OnnxRun.Input("x", new[] { 1f, -4f, 3f, -8f }, [2, 2]))["y"];

        // Concat rows: [1, −1, 11, 6] and [3, −2, −17, −28]; transposed to [4, 2].
        Assert.Equal([4, 2], y.Shape);
        Assert.Equal([1f, 3f, -1f, -2f, 11f, -17f, 6f, -28f], y.Values);
    }
}
