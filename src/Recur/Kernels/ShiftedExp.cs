using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

/// <summary>
/// y = e^(x − shift) and Σ y in one pass: the core of softmax, with shift = max x so that every exponent is ≤ 0.
/// For float the vector paths evaluate e^a as 2^n·e^r (n = round(a·log2 e), r = a − n·ln 2 in two parts, |r| ≤ ln2 / 2)
/// with the degree-7 Taylor polynomial of e^r, whose truncation error (|r|^8 / 8! ≤ 2.6e-9) is far below float's
/// rounding: results are within a few ulp of the exact value. Exponents below −87.3 (results under float's smallest
/// normal) give 0; above 88 they are clamped to 88, which softmax never reaches. Double uses
/// <see cref="TensorPrimitives.Exp{T}(ReadOnlySpan{T}, Span{T})"/>, so gradient checks keep full precision.
/// The sum adds vector lanes first and then the tail, in a fixed order.
/// </summary>
public static class ShiftedExp
{
    /// <summary>When true, the float path uses the scalar loop (tests compare the two).</summary>
    [ThreadStatic] internal static bool ScalarOnly;

    /// <summary>Writes y = e^(x − shift) and returns Σ y.</summary>
    /// <exception cref="ArgumentException">y is shorter than x.</exception>
    public static T Compute<T>(ReadOnlySpan<T> x, T shift, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y.Length < x.Length) throw new ArgumentException("Destination is too short.", nameof(y));
        if (typeof(T) == typeof(float))
        {
            float sum = ComputeSingle(MemoryMarshal.Cast<T, float>(x), Unsafe.As<T, float>(ref shift), MemoryMarshal.Cast<T, float>(y));
            return Unsafe.As<float, T>(ref sum);
        }
        y = y[..x.Length];
        TensorPrimitives.Subtract(x, shift, y);
        TensorPrimitives.Exp(y, y);
        return TensorPrimitives.Sum<T>(y);
    }

    /// <summary>Scalar oracle: y = e^(x − shift) with the difference rounded to T as the fast path rounds it, the
    /// exponential in double, then rounded to T; returns Σ y in double.</summary>
    public static double Reference<T>(ReadOnlySpan<T> x, T shift, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double e = Math.Exp(double.CreateChecked(x[i] - shift));
            y[i] = T.CreateChecked(e);
            sum += e;
        }
        return sum;
    }

    private static float ComputeSingle(ReadOnlySpan<float> x, float shift, Span<float> y)
    {
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        int n = x.Length, i = 0;
        float sum = 0;
        if (!ScalarOnly && Vector512.IsHardwareAccelerated) sum = Vectors<Vector512<float>, Float512>(ref rx, ref ry, n, shift, out i);
        else if (!ScalarOnly && Vector256.IsHardwareAccelerated) sum = Vectors<Vector256<float>, Float256>(ref rx, ref ry, n, shift, out i);
        for (; i < n; i++)
        {
            float e = VectorMath.Exp(Unsafe.Add(ref rx, i) - shift);
            Unsafe.Add(ref ry, i) = e;
            sum += e;
        }
        return sum;
    }

    // The vector part at one width: y = e^(x − shift) for whole vectors, returning their sum (lanes added at the end)
    // and in `end` the first element left for the scalar tail.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Vectors<TV, TF>(ref float rx, ref float ry, int n, float shift, out int end)
        where TV : struct
        where TF : IFloatVector<TV>
    {
        var acc = TF.Create(0f);
        var s = TF.Create(shift);
        int i = 0;
        for (; i + TF.Count <= n; i += TF.Count)
        {
            var e = VectorMath.Exp<TV, TF>(TF.Subtract(TF.Load(ref rx, (nuint)i), s));
            TF.Store(e, ref ry, (nuint)i);
            acc = TF.Add(acc, e);
        }
        end = i;
        return TF.Sum(acc);
    }
}
