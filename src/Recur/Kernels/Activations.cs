using System.Numerics;
using System.Numerics.Tensors;

namespace Recur.Kernels;

/// <summary>
/// Element-wise activations and row-wise (log-)softmax on spans. Input and output may be the same span.
/// The vector paths come from <see cref="TensorPrimitives"/>; <c>Reference*</c> methods are the scalar oracles.
/// </summary>
public static class Activations
{
    /// <summary>y = 1 / (1 + e^(−x)).</summary>
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // TensorPrimitives.Sigmoid rejects empty spans; an empty row is a no-op like Tanh and Relu.
        if (x.IsEmpty) return;
        TensorPrimitives.Sigmoid(x, y);
    }

    /// <summary>y = tanh(x).</summary>
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Tanh(x, y);

    /// <summary>y = max(x, 0).</summary>
    public static void Relu<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Max(x, T.Zero, y);

    /// <summary>y = e^(x − max x) / Σ e^(x − max x) over one row.</summary>
    /// <exception cref="ArgumentException">x is empty or y is shorter than x.</exception>
    public static void Softmax<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.IsEmpty) throw new ArgumentException("Softmax of an empty row.", nameof(x));
        if (y.Length < x.Length) throw new ArgumentException("Destination is too short.", nameof(y));
        // TensorPrimitives.SoftMax exponentiates x itself, which overflows to ∞/∞ = NaN for x ≳ 89 in
        // float; shifting by the max keeps every exponent ≤ 0 and the sum ≥ 1.
        T max = TensorPrimitives.Max(x);
        y = y[..x.Length];
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Exp(y, y);
        TensorPrimitives.Divide(y, TensorPrimitives.Sum<T>(y), y);
    }

    /// <summary>y = x − max x − log Σ e^(x − max x) over one row; returns the log-sum-exp of x.</summary>
    /// <exception cref="ArgumentException">x is empty or y is shorter than x.</exception>
    public static T LogSoftmax<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.IsEmpty) throw new ArgumentException("Log-softmax of an empty row.", nameof(x));
        if (y.Length < x.Length) throw new ArgumentException("Destination is too short.", nameof(y));
        T max = TensorPrimitives.Max(x);
        y = y[..x.Length];
        TensorPrimitives.Subtract(x, max, y);
        // Σ e^(x − max) ≥ 1, so the log is finite even when every other term underflows.
        T logSum;
        if (x.Overlaps(y))
        {
            T sum = T.Zero;
            for (int i = 0; i < y.Length; i++) sum += T.Exp(y[i]);
            logSum = T.Log(sum);
            TensorPrimitives.Subtract(y, logSum, y);
            return max + logSum;
        }
        // Separate buffers: exponentiate y in one vector pass, then rebuild it from x.
        TensorPrimitives.Exp(y, y);
        logSum = T.Log(TensorPrimitives.Sum(y));
        TensorPrimitives.Subtract(x, max + logSum, y);
        return max + logSum;
    }

    /// <summary>log Σ_j e^(z_j), computed stably in double (for log-probabilities summed over many steps).</summary>
    /// <exception cref="ArgumentException">z is empty.</exception>
    public static double LogSumExp<T>(ReadOnlySpan<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (z.IsEmpty) throw new ArgumentException("Log-sum-exp of an empty row.", nameof(z));
        double max = double.NegativeInfinity;
        foreach (T v in z) max = Math.Max(max, double.CreateChecked(v));
        double sum = 0;
        foreach (T v in z) sum += Math.Exp(double.CreateChecked(v) - max);
        return max + Math.Log(sum);
    }

    /// <summary>output = z − log Σ e^z in double: the log-probabilities of one row of logits; returns the log-sum-exp.</summary>
    /// <exception cref="ArgumentException">z is empty or output is shorter than z.</exception>
    public static double LogProbabilities<T>(ReadOnlySpan<T> z, Span<double> output) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (output.Length < z.Length) throw new ArgumentException("Destination is too short.", nameof(output));
        double lse = LogSumExp(z);
        for (int i = 0; i < z.Length; i++) output[i] = double.CreateChecked(z[i]) - lse;
        return lse;
    }

    /// <summary>Scalar oracle for <see cref="Sigmoid"/>.</summary>
    public static void ReferenceSigmoid<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++) y[i] = T.One / (T.One + T.Exp(-x[i]));
    }

    /// <summary>Scalar oracle for <see cref="Tanh"/>.</summary>
    public static void ReferenceTanh<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++) y[i] = T.Tanh(x[i]);
    }

    /// <summary>Scalar oracle for <see cref="Relu"/>.</summary>
    public static void ReferenceRelu<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > T.Zero ? x[i] : T.Zero;
    }

    /// <summary>Scalar oracle for <see cref="Softmax"/>.</summary>
    public static void ReferenceSoftmax<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = x[0];
        for (int i = 1; i < x.Length; i++) if (x[i] > max) max = x[i];
        T sum = T.Zero;
        for (int i = 0; i < x.Length; i++) { y[i] = T.Exp(x[i] - max); sum += y[i]; }
        for (int i = 0; i < x.Length; i++) y[i] /= sum;
    }

    /// <summary>Scalar oracle for <see cref="LogSoftmax"/>.</summary>
    public static T ReferenceLogSoftmax<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = x[0];
        for (int i = 1; i < x.Length; i++) if (x[i] > max) max = x[i];
        T sum = T.Zero;
        for (int i = 0; i < x.Length; i++) sum += T.Exp(x[i] - max);
        T lse = max + T.Log(sum);
        for (int i = 0; i < x.Length; i++) y[i] = x[i] - lse;
        return lse;
    }
}
