using Recur.Kernels;
using Recur.Tests.TestSupport;
using Recur.Training;

namespace Recur.Tests.Kernels;

public class ShiftedExpTests
{
    // The polynomial's truncation error is ≈2e-8 relative; with the rounding of its steps the float results stay
    // within a few ulp of exp in double. Results below float's smallest normal are flushed to zero, hence the floor.
    private const double FloatRelative = 4e-7;
    private const double FloatAbsolute = 1.2e-38;
    private const double DoubleRelative = 1e-15;
    private const double SumRelative = 1e-6;

    [Fact]
    public void Compute_EveryLengthAndOffset_MatchesReferenceOnVectorAndScalarPaths()
    {
        var rng = new Rng(5);
        foreach (bool scalar in new[] { false, true })
        {
            ShiftedExp.ScalarOnly = scalar;
            try
            {
                for (int length = 0; length <= 3 * 16 + 1; length++)
                    for (int offset = 0; offset < 3; offset++)
                    {
                        var buffer = Fill.Uniform<float>(rng, length + offset, -30, 30);
                        var x = buffer.AsSpan(offset, length);
                        float shift = length == 0 ? 0 : System.Numerics.Tensors.TensorPrimitives.Max<float>(x);
                        AssertClose(x, shift, $"scalar={scalar} length {length} offset {offset}");
                    }
            }
            finally
            {
                ShiftedExp.ScalarOnly = false;
            }
        }
    }

    [Fact]
    public void Compute_WholeArgumentRange_MatchesReferenceAndFlushesBelowSmallestNormal()
    {
        // Arguments from −100 to 0 in small steps, including the flush boundary and exact multiples of ln 2.
        var x = new float[20001];
        for (int i = 0; i < x.Length; i++) x[i] = -100f + i * 0.005f;
        AssertClose(x, 0f, "range");
        var y = new float[3];
        ShiftedExp.Compute<float>([-88f, -87.4f, 0f], 0f, y);
        Assert.Equal(0f, y[0]);
        Assert.Equal(0f, y[1]);
        Assert.Equal(1f, y[2]);
    }

    [Fact]
    public void Compute_InPlace_SameAsSeparateBuffers()
    {
        var x = Fill.Uniform<float>(new Rng(9), 77, -10, 10);
        var separate = new float[x.Length];
        float sum = ShiftedExp.Compute<float>(x, 3f, separate);
        float inPlaceSum = ShiftedExp.Compute<float>(x, 3f, x);
        Assert.Equal(separate, x);
        Assert.Equal(sum, inPlaceSum);
    }

    [Fact]
    public void Compute_Double_MatchesReference()
    {
        var x = Fill.Uniform<double>(new Rng(3), 101, -20, 0);
        var y = new double[x.Length];
        var expected = new double[x.Length];
        double sum = ShiftedExp.Compute<double>(x, -1.0, y);
        double expectedSum = ShiftedExp.Reference<double>(x, -1.0, expected);
        KernelAssert.Close<double>(expected, y, expected, DoubleRelative, 0, "double");
        Assert.True(Math.Abs(sum - expectedSum) <= DoubleRelative * 10 * expectedSum, $"sum {sum} vs {expectedSum}");
    }

    private static void AssertClose(ReadOnlySpan<float> x, float shift, string context)
    {
        var y = new float[x.Length];
        var expected = new float[x.Length];
        float sum = ShiftedExp.Compute<float>(x, shift, y);
        double expectedSum = ShiftedExp.Reference<float>(x, shift, expected);
        KernelAssert.Close<float>(expected, y, expected, FloatRelative, FloatAbsolute, context);
        Assert.True(Math.Abs(sum - expectedSum) <= SumRelative * expectedSum + FloatAbsolute,
            $"{context}: sum {sum:R} vs {expectedSum:R}");
    }
}
