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
    private const float Log2E = 1.44269504088896341f;
    // ln 2 split so that n·Ln2Hi is exact for |n| < 2^9: Ln2Hi has 10 significant bits.
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;
    private const float MinArgument = -87.33654f;
    private const float MaxArgument = 88.0f;

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
        if (!ScalarOnly && Vector512.IsHardwareAccelerated)
        {
            var acc = Vector512<float>.Zero;
            var s = Vector512.Create(shift);
            for (; i + Vector512<float>.Count <= n; i += Vector512<float>.Count)
            {
                var e = Exp512(Vector512.LoadUnsafe(ref rx, (nuint)i) - s);
                e.StoreUnsafe(ref ry, (nuint)i);
                acc += e;
            }
            sum = Vector512.Sum(acc);
        }
        else if (!ScalarOnly && Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<float>.Zero;
            var s = Vector256.Create(shift);
            for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
            {
                var e = Exp256(Vector256.LoadUnsafe(ref rx, (nuint)i) - s);
                e.StoreUnsafe(ref ry, (nuint)i);
                acc += e;
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < n; i++)
        {
            float e = ExpScalar(Unsafe.Add(ref rx, i) - shift);
            Unsafe.Add(ref ry, i) = e;
            sum += e;
        }
        return sum;
    }

    // Each path evaluates the same steps; the vector forms differ only in width.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Exp512(Vector512<float> a)
    {
        var tiny = Vector512.LessThan(a, Vector512.Create(MinArgument));
        a = Vector512.Min(Vector512.Max(a, Vector512.Create(MinArgument)), Vector512.Create(MaxArgument));
        var k = Vector512.Round(a * Vector512.Create(Log2E));
        var r = Vector512.FusedMultiplyAdd(k, Vector512.Create(-Ln2Hi), a);
        r = Vector512.FusedMultiplyAdd(k, Vector512.Create(-Ln2Lo), r);
        var p = Vector512.Create(1f / 5040);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 720));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 120));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 24));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 6));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.5f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<float>.One);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<float>.One);
        // 2^k as the bits of a float with biased exponent k + 127 (1..254 for k in the clamped range).
        var scale = Vector512.ShiftLeft(Vector512.ConvertToInt32(k) + Vector512.Create(127), 23).AsSingle();
        return Vector512.ConditionalSelect(tiny.AsSingle(), Vector512<float>.Zero, p * scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Exp256(Vector256<float> a)
    {
        var tiny = Vector256.LessThan(a, Vector256.Create(MinArgument));
        a = Vector256.Min(Vector256.Max(a, Vector256.Create(MinArgument)), Vector256.Create(MaxArgument));
        var k = Vector256.Round(a * Vector256.Create(Log2E));
        var r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Hi), a);
        r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Lo), r);
        var p = Vector256.Create(1f / 5040);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1f / 720));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1f / 120));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1f / 24));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1f / 6));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(0.5f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256<float>.One);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256<float>.One);
        var scale = Vector256.ShiftLeft(Vector256.ConvertToInt32(k) + Vector256.Create(127), 23).AsSingle();
        return Vector256.ConditionalSelect(tiny.AsSingle(), Vector256<float>.Zero, p * scale);
    }

    private static float ExpScalar(float a)
    {
        if (a < MinArgument) return 0f;
        a = MathF.Min(a, MaxArgument);
        float k = MathF.Round(a * Log2E);
        float r = MathF.FusedMultiplyAdd(k, -Ln2Lo, MathF.FusedMultiplyAdd(k, -Ln2Hi, a));
        float p = 1f / 5040;
        p = MathF.FusedMultiplyAdd(p, r, 1f / 720);
        p = MathF.FusedMultiplyAdd(p, r, 1f / 120);
        p = MathF.FusedMultiplyAdd(p, r, 1f / 24);
        p = MathF.FusedMultiplyAdd(p, r, 1f / 6);
        p = MathF.FusedMultiplyAdd(p, r, 0.5f);
        p = MathF.FusedMultiplyAdd(p, r, 1f);
        p = MathF.FusedMultiplyAdd(p, r, 1f);
        return p * BitConverter.Int32BitsToSingle(((int)k + 127) << 23);
    }
}
