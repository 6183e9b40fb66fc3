using System.Numerics;
using System.Runtime.Intrinsics;
using Recur.Kernels;

namespace Recur.Tests.Kernels;

public class ActivationsTests
{
    // Vectorised exp/tanh agree with the scalar math library to a few units in the last place
    // (observed: 2 ulp); the absolute floors sit near the smallest normal number, below which the
    // relative error of subnormal results is unbounded.
    private const double FloatRelative = 4e-7;
    private const double FloatAbsolute = 1e-37;
    private const double DoubleRelative = 1e-15;
    private const double DoubleAbsolute = 1e-300;

    private delegate void SpanOp<T>(ReadOnlySpan<T> x, Span<T> y);

    // Error scale for one element given its input and exact output.
    private delegate T Scale<T>(T x, T y);

    [Fact]
    public void Sigmoid_EveryLengthUnalignedAndInPlace_MatchesReference()
    {
        CheckElementwise<float>(Activations.Sigmoid, Activations.ReferenceSigmoid, minLength: 0);
        CheckElementwise<double>(Activations.Sigmoid, Activations.ReferenceSigmoid, minLength: 0);
    }

    [Fact]
    public void Tanh_EveryLengthUnalignedAndInPlace_MatchesReference()
    {
        // The vector path goes through e^(2x), whose rounding is relative to 1, not to a small tanh x.
        CheckElementwise<float>(Activations.Tanh, Activations.ReferenceTanh, minLength: 0, scale: (x, y) => float.Abs(y) + 1);
        CheckElementwise<double>(Activations.Tanh, Activations.ReferenceTanh, minLength: 0, scale: (x, y) => double.Abs(y) + 1);
    }

    [Fact]
    public void Relu_EveryLengthUnalignedAndInPlace_MatchesReference()
    {
        CheckElementwise<float>(Activations.Relu, Activations.ReferenceRelu, minLength: 0);
        CheckElementwise<double>(Activations.Relu, Activations.ReferenceRelu, minLength: 0);
    }

    [Fact]
    public void Softmax_EveryLengthUnalignedAndInPlace_MatchesReference()
    {
        CheckElementwise<float>(Activations.Softmax, Activations.ReferenceSoftmax, minLength: 1);
        CheckElementwise<double>(Activations.Softmax, Activations.ReferenceSoftmax, minLength: 1);
    }

    [Fact]
    public void LogSoftmax_EveryLengthUnalignedAndInPlace_MatchesReference()
    {
        // y = x − lse cancels: rounding errors scale with |x| and |lse| ≤ |x| + |y|, not with |y|.
        CheckElementwise<float>((x, y) => Activations.LogSoftmax(x, y), (x, y) => Activations.ReferenceLogSoftmax(x, y), minLength: 1,
            scale: (x, y) => float.Abs(x) + float.Abs(y));
        CheckElementwise<double>((x, y) => Activations.LogSoftmax(x, y), (x, y) => Activations.ReferenceLogSoftmax(x, y), minLength: 1,
            scale: (x, y) => double.Abs(x) + double.Abs(y));
    }

    [Theory]
    [InlineData(100.0)]
    [InlineData(1000.0)]
    public void LogSoftmax_LargeMagnitudes_FiniteAndReturnsLogSumExp(double magnitude)
    {
        CheckLogSoftmaxLarge<float>(magnitude);
        CheckLogSoftmaxLarge<double>(magnitude);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1000.0)]
    public void LogProbabilities_FloatLogits_MatchDoubleReferenceAndNormalise(double magnitude)
    {
        var rng = new Recur.Training.Rng(21);
        var z = new float[97];
        for (int i = 0; i < z.Length; i++) z[i] = (float)((rng.NextDouble() * 2 - 1) * magnitude);
        var output = new double[z.Length];
        double lse = Activations.LogProbabilities<float>(z, output);
        var expected = new double[z.Length];
        double expectedLse = Activations.ReferenceLogSoftmax<double>(Array.ConvertAll(z, v => (double)v), expected);
        Assert.Equal(expectedLse, lse, DoubleRelative * Math.Abs(expectedLse) + 1e-12);
        Assert.Equal(lse, Activations.LogSumExp<float>(z));
        double total = 0;
        for (int i = 0; i < z.Length; i++)
        {
            Assert.Equal(expected[i], output[i], DoubleRelative * (Math.Abs(expected[i]) + Math.Abs(lse)) + 1e-12);
            total += Math.Exp(output[i]);
        }
        Assert.Equal(1.0, total, 1e-12);
        Assert.Throws<ArgumentException>(() => Activations.LogSumExp<float>([]));
    }

    [Theory]
    [InlineData(100.0)]
    [InlineData(1000.0)]
    public void Softmax_LargeMagnitudes_SumsToOne(double magnitude)
    {
        CheckSoftmaxLarge<float>(magnitude);
        CheckSoftmaxLarge<double>(magnitude);
    }

    [Fact]
    public void Softmax_EmptyRow_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Activations.Softmax<float>([], new float[1]));
        Assert.Throws<ArgumentException>(() => Activations.LogSoftmax<float>([], new float[1]));
    }

    [Fact]
    public void Activations_DestinationTooShort_ThrowsArgumentException()
    {
        float[] x = [1, 2, 3];
        float[] y = new float[2];
        Assert.Throws<ArgumentException>(() => Activations.Sigmoid<float>(x, y));
        Assert.Throws<ArgumentException>(() => Activations.Tanh<float>(x, y));
        Assert.Throws<ArgumentException>(() => Activations.Relu<float>(x, y));
        Assert.Throws<ArgumentException>(() => Activations.Softmax<float>(x, y));
        Assert.Throws<ArgumentException>(() => Activations.LogSoftmax<float>(x, y));
    }

    // Lengths 0 (or 1) .. 3·W + 1 for the widest vector W; inputs at offsets 0..3, outputs at a different
    // offset, then again in place. Inputs mix moderate values with ±100 and ±1000.
    private static void CheckElementwise<T>(SpanOp<T> fast, SpanOp<T> reference, int minLength, Scale<T>? scale = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        scale ??= (x, y) => y;
        (double relative, double absolute) = Tolerance<T>();
        var random = new Random(17);
        int maxLength = 3 * Vector512<T>.Count + 1;
        for (int length = minLength; length <= maxLength; length++)
        {
            for (int offset = 0; offset < 4; offset++)
            {
                T[] input = new T[length + 8];
                for (int i = 0; i < input.Length; i++) input[i] = Sample<T>(random);
                ReadOnlySpan<T> x = input.AsSpan(offset, length);

                T[] expected = new T[length];
                reference(x, expected);
                T[] bound = new T[length];
                for (int i = 0; i < length; i++) bound[i] = scale(x[i], expected[i]);
                T[] output = new T[length + 8];
                int outOffset = (offset + 1) % 4;
                fast(x, output.AsSpan(outOffset, length));
                string context = $"{typeof(T).Name} length {length}, input offset {offset}, output offset {outOffset}";
                KernelAssert.Close<T>(expected, output.AsSpan(outOffset, length), bound, relative, absolute, context);

                T[] inPlace = (T[])input.Clone();
                fast(inPlace.AsSpan(offset, length), inPlace.AsSpan(offset, length));
                KernelAssert.Close<T>(expected, inPlace.AsSpan(offset, length), bound, relative, absolute, context + ", in place");
            }
        }
    }

    private static void CheckLogSoftmaxLarge<T>(double magnitude) where T : unmanaged, IFloatingPointIeee754<T>
    {
        (double relative, double absolute) = Tolerance<T>();
        foreach (T[] x in LargeRows<T>(magnitude))
        {
            T[] expected = new T[x.Length], actual = new T[x.Length];
            T expectedLse = Activations.ReferenceLogSoftmax<T>(x, expected);
            T lse = Activations.LogSoftmax<T>(x, actual);
            string context = $"{typeof(T).Name} ±{magnitude}, length {x.Length}";
            Assert.True(T.IsFinite(lse), $"{context}: log-sum-exp {lse} is not finite.");
            Assert.All(actual, v => Assert.True(T.IsFinite(v), $"{context}: {v} is not finite."));
            T[] bound = new T[x.Length];
            for (int i = 0; i < x.Length; i++) bound[i] = T.Abs(x[i]) + T.Abs(expected[i]);
            KernelAssert.Close<T>(expected, actual, bound, relative, absolute, context);
            KernelAssert.Close<T>([expectedLse], [lse], [expectedLse], relative, absolute, context + ", log-sum-exp");
        }
    }

    private static void CheckSoftmaxLarge<T>(double magnitude) where T : unmanaged, IFloatingPointIeee754<T>
    {
        (double relative, double absolute) = Tolerance<T>();
        foreach (T[] x in LargeRows<T>(magnitude))
        {
            T[] expected = new T[x.Length], actual = new T[x.Length];
            Activations.ReferenceSoftmax<T>(x, expected);
            Activations.Softmax<T>(x, actual);
            string context = $"{typeof(T).Name} ±{magnitude}, length {x.Length}";
            KernelAssert.Close<T>(expected, actual, expected, relative, absolute, context);
            T sum = T.Zero;
            foreach (T v in actual) sum += v;
            KernelAssert.Close<T>([T.One], [sum], [T.One], relative * x.Length, absolute, context + ", sum");
        }
    }

    // Rows of every length up to 3·W + 1 holding ±magnitude and small values around them.
    private static IEnumerable<T[]> LargeRows<T>(double magnitude) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(23);
        for (int length = 1; length <= 3 * Vector512<T>.Count + 1; length++)
        {
            var x = new T[length];
            for (int i = 0; i < length; i++)
            {
                double sign = random.Next(2) == 0 ? -1 : 1;
                x[i] = T.CreateTruncating(sign * magnitude + random.NextDouble());
            }
            yield return x;
        }
    }

    private static T Sample<T>(Random random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int pick = random.Next(16);
        double value = pick switch
        {
            0 => 100,
            1 => -100,
            2 => 1000,
            3 => -1000,
            _ => 16 * random.NextDouble() - 8,
        };
        return T.CreateTruncating(value);
    }

    private static (double Relative, double Absolute) Tolerance<T>()
        => typeof(T) == typeof(float) ? (FloatRelative, FloatAbsolute) : (DoubleRelative, DoubleAbsolute);
}
