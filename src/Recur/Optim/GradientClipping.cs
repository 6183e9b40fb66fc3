using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recur.Optim;

/// <summary>
/// Gradient clipping over a flat gradient buffer, as <c>torch.nn.utils.clip_grad_norm_</c> and
/// <c>clip_grad_value_</c>.
/// </summary>
public static class GradientClipping
{
    /// <summary>Added to the norm before dividing, as in PyTorch: scale = maxNorm / (norm + 1e-6).</summary>
    public const double NormEpsilon = 1e-6;

    // Squares are summed in double into 8 lanes, element i into lane i mod 8, and the lanes are added as
    // ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)). The order does not depend on the hardware, so the
    // vector path and the reference give the same bits everywhere.
    private const int Lanes = 8;

    // A sum of squares at least 2^-900 cannot have lost precision to underflow: each square that flushed
    // to a subnormal or zero was below 2^-1022, a relative error of n·2^-122 at most.
    private static readonly double s_minAccurateSum = Math.ScaleB(1.0, -900);

    /// <summary>
    /// The 2-norm of all gradients, √Σ g², accumulated in double in a fixed order. Values whose squares would
    /// overflow or underflow double are rescaled by the largest magnitude first.
    /// </summary>
    /// <returns>The norm rounded to T: 0 for an empty span, +∞ or NaN when a gradient is (or the norm overflows T).</returns>
    public static T GlobalNorm<T>(ReadOnlySpan<T> gradients) where T : unmanaged, IFloatingPointIeee754<T>
        => T.CreateChecked(GlobalNormDouble(gradients, scalarOnly: false));

    /// <summary>
    /// Scales every gradient by maxNorm / (norm + 1e-6) when that is below 1, as <c>clip_grad_norm_</c>.
    /// A non-finite norm (NaN, or +∞ in T) leaves the gradients as they are; the caller decides, e.g. to skip the step.
    /// </summary>
    /// <param name="gradients">Gradients, scaled in place.</param>
    /// <param name="maxNorm">Largest norm allowed; zero or more (+∞ never clips).</param>
    /// <returns>The total norm before clipping, as <see cref="GlobalNorm{T}"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is negative or NaN.</exception>
    public static T ClipByGlobalNorm<T>(Span<T> gradients, T maxNorm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(maxNorm >= T.Zero)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The maximum norm must not be negative or NaN.");
        double norm = GlobalNormDouble(gradients, scalarOnly: false);
        ScaleToMaxNorm(gradients, double.CreateChecked(maxNorm), norm);
        return T.CreateChecked(norm);
    }

    /// <summary>
    /// The scaling step of <see cref="ClipByGlobalNorm{T}"/> given the norm it would compute (from
    /// <see cref="GlobalNormDouble{T}"/> on the same gradients), so that a caller that already has the norm does not pass
    /// over the gradients twice. Large buffers are scaled on the kernel threads (each element the same product).
    /// </summary>
    /// <returns>True when the gradients were scaled.</returns>
    internal static bool ScaleToMaxNorm<T>(Span<T> gradients, double maxNorm, double norm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!T.IsFinite(T.CreateChecked(norm))) return false;
        double scale = maxNorm / (norm + NormEpsilon);
        if (!(scale < 1)) return false;
        UpdateLoop.Run(new ScaleOperator<T>(T.CreateChecked(scale)), gradients, gradients, [], [], [], scalarOnly: false);
        return true;
    }

    // p = s·p, element by element (the gradient argument is the same buffer and is not read).
    private readonly struct ScaleOperator<T>(T scale) : IUpdateOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(ref T p, T g, ref T s0, ref T s1, ref T s2) => p *= scale;

        public void Invoke(ref Vector<T> p, Vector<T> g, ref Vector<T> s0, ref Vector<T> s1, ref Vector<T> s2) => p *= scale;
    }

    /// <summary>Clamps every gradient to [−clipValue, clipValue], as <c>clip_grad_value_</c>. NaN stays NaN.</summary>
    /// <param name="gradients">Gradients, clamped in place.</param>
    /// <param name="clipValue">Largest magnitude allowed; zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clipValue"/> is negative or NaN.</exception>
    public static void ClipByValue<T>(Span<T> gradients, T clipValue) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(clipValue >= T.Zero)) throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, "The clip value must not be negative or NaN.");
        TensorPrimitives.Max(gradients, -clipValue, gradients);
        TensorPrimitives.Min(gradients, clipValue, gradients);
    }

    /// <summary>The norm in double; see <see cref="GlobalNorm{T}"/>.</summary>
    internal static double GlobalNormDouble<T>(ReadOnlySpan<T> x, bool scalarOnly) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = scalarOnly ? ReferenceSumOfSquares(x, divisor: 1.0) : SumOfSquares(x);
        if (sum >= s_minAccurateSum && sum <= double.MaxValue) return Math.Sqrt(sum);
        if (double.IsNaN(sum) || x.IsEmpty) return sum;

        // Overflow (+∞) or underflow: rescale by the largest magnitude, then √Σ (g/max)² · max.
        double max = double.CreateChecked(T.Abs(TensorPrimitives.MaxMagnitude(x)));
        if (max == 0 || double.IsInfinity(max)) return max;
        return Math.Sqrt(ReferenceSumOfSquares(x, max)) * max;
    }

    /// <summary>Σ x² in double, in the lane order above; vectorised for float and double.</summary>
    internal static double SumOfSquares<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Vector256.IsHardwareAccelerated || x.Length < Lanes) return ReferenceSumOfSquares(x, divisor: 1.0);
        Vector256<double> lo = Vector256<double>.Zero, hi = Vector256<double>.Zero;   // lanes 0–3, 4–7
        int i = 0;
        if (typeof(T) == typeof(float))
        {
            ReadOnlySpan<float> f = MemoryMarshal.Cast<T, float>(x);
            for (; i <= f.Length - Lanes; i += Lanes)
            {
                (Vector256<double> a, Vector256<double> b) = Vector256.Widen(Vector256.Create(f.Slice(i, Lanes)));
                lo += a * a;
                hi += b * b;
            }
        }
        else if (typeof(T) == typeof(double))
        {
            ReadOnlySpan<double> d = MemoryMarshal.Cast<T, double>(x);
            for (; i <= d.Length - Lanes; i += Lanes)
            {
                Vector256<double> a = Vector256.Create(d.Slice(i, 4)), b = Vector256.Create(d.Slice(i + 4, 4));
                lo += a * a;
                hi += b * b;
            }
        }
        Span<double> lanes = stackalloc double[Lanes];
        lo.CopyTo(lanes);
        hi.CopyTo(lanes[4..]);
        return AddTail(x, i, lanes, divisor: 1.0);
    }

    /// <summary>Scalar oracle for <see cref="SumOfSquares{T}"/>: Σ (x / divisor)² in the same lane order.</summary>
    internal static double ReferenceSumOfSquares<T>(ReadOnlySpan<T> x, double divisor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<double> lanes = stackalloc double[Lanes];
        lanes.Clear();
        return AddTail(x, 0, lanes, divisor);
    }

    private static double AddTail<T>(ReadOnlySpan<T> x, int start, Span<double> lanes, double divisor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // start is a multiple of Lanes, so element i still lands in lane i mod 8.
        for (int i = start; i < x.Length; i++)
        {
            double v = double.CreateChecked(x[i]) / divisor;   // exact for divisor 1
            lanes[i % Lanes] += v * v;
        }
        return ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
    }
}
