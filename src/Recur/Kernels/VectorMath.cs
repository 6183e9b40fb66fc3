using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

/// <summary>
/// e^x, σ(x) and tanh(x) for float vectors and scalars, inlined into fused kernels so that a gate's activation is
/// computed in registers instead of in a separate pass over memory. Every width evaluates the same steps, so a vector
/// lane and the scalar tail give the same result for the same input.
/// </summary>
/// <remarks>
/// <para>e^a = 2^k·e^r with k = round(a·log2 e) and r = a − k·ln 2 in two parts (|r| ≤ ln 2 / 2), e^r by its degree-7
/// Taylor polynomial (truncation |r|^8 / 8! ≤ 2.6e-9, below float's rounding). Arguments below −87.34 (results under
/// float's smallest normal) give 0; above 88 they are clamped to 88.</para>
/// <para>σ(x) = 1 / (1 + e^(−x)): within a few ulp everywhere, 1 for x ≥ 87.3, about 6e-39 for x ≤ −88.</para>
/// <para>tanh(x) = sign(x)·(1 − 2 / (1 + e^(2|x|))) for |x| ≥ 1/2. Below that the subtraction would cancel (for x = 1e-3
/// it keeps only 13 of 24 bits), so |x| &lt; 1/2 takes the Taylor series of tanh to x^15, whose truncation at 1/2 is
/// 8.8e-9 relative. NaN inputs give NaN (the clamps would otherwise turn them into numbers).</para>
/// </remarks>
internal static class VectorMath
{
    private const float Log2E = 1.44269504088896341f;
    // ln 2 split so that k·Ln2Hi is exact for |k| < 2^9: Ln2Hi has 10 significant bits.
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;
    private const float MinArgument = -87.33654f;
    private const float MaxArgument = 88.0f;
    private const float TanhSeriesLimit = 0.5f;

    // tanh x = x·(1 + x²·(T3 + x²·(T5 + … + x²·T15))): 2^(2n)·(2^(2n) − 1)·B_2n / (2n)! for n = 2..8.
    private const float T3 = -1f / 3, T5 = 2f / 15, T7 = -17f / 315, T9 = 62f / 2835, T11 = -1382f / 155925;
    private const float T13 = 21844f / 6081075, T15 = -929569f / 638512875;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> a)
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
    public static Vector256<float> Exp(Vector256<float> a)
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

    public static float Exp(float a)
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x)
    {
        var y = Vector512<float>.One / (Vector512<float>.One + Exp(-x));
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), y, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x)
    {
        var y = Vector256<float>.One / (Vector256<float>.One + Exp(-x));
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), y, x);
    }

    public static float Sigmoid(float x) => float.IsNaN(x) ? x : 1f / (1f + Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        var ax = Vector512.Abs(x);
        var large = Vector512<float>.One - Vector512.Create(2f) / (Vector512<float>.One + Exp(ax + ax));
        var x2 = ax * ax;
        var p = Vector512.Create(T15);
        p = Vector512.FusedMultiplyAdd(p, x2, Vector512.Create(T13));
        p = Vector512.FusedMultiplyAdd(p, x2, Vector512.Create(T11));
        p = Vector512.FusedMultiplyAdd(p, x2, Vector512.Create(T9));
        p = Vector512.FusedMultiplyAdd(p, x2, Vector512.Create(T7));
        p = Vector512.FusedMultiplyAdd(p, x2, Vector512.Create(T5));
        p = Vector512.FusedMultiplyAdd(p, x2, Vector512.Create(T3));
        var small = Vector512.FusedMultiplyAdd(ax * x2, p, ax);
        var y = Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(TanhSeriesLimit)), small, large);
        // |tanh x| with the sign bit of x; NaN stays NaN.
        y |= x & Vector512.Create(-0f);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), y, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var ax = Vector256.Abs(x);
        var large = Vector256<float>.One - Vector256.Create(2f) / (Vector256<float>.One + Exp(ax + ax));
        var x2 = ax * ax;
        var p = Vector256.Create(T15);
        p = Vector256.FusedMultiplyAdd(p, x2, Vector256.Create(T13));
        p = Vector256.FusedMultiplyAdd(p, x2, Vector256.Create(T11));
        p = Vector256.FusedMultiplyAdd(p, x2, Vector256.Create(T9));
        p = Vector256.FusedMultiplyAdd(p, x2, Vector256.Create(T7));
        p = Vector256.FusedMultiplyAdd(p, x2, Vector256.Create(T5));
        p = Vector256.FusedMultiplyAdd(p, x2, Vector256.Create(T3));
        var small = Vector256.FusedMultiplyAdd(ax * x2, p, ax);
        var y = Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(TanhSeriesLimit)), small, large);
        y |= x & Vector256.Create(-0f);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), y, x);
    }

    public static float Tanh(float x)
    {
        if (float.IsNaN(x)) return x;
        float ax = MathF.Abs(x), y;
        if (ax < TanhSeriesLimit)
        {
            float x2 = ax * ax;
            float p = T15;
            p = MathF.FusedMultiplyAdd(p, x2, T13);
            p = MathF.FusedMultiplyAdd(p, x2, T11);
            p = MathF.FusedMultiplyAdd(p, x2, T9);
            p = MathF.FusedMultiplyAdd(p, x2, T7);
            p = MathF.FusedMultiplyAdd(p, x2, T5);
            p = MathF.FusedMultiplyAdd(p, x2, T3);
            y = MathF.FusedMultiplyAdd(ax * x2, p, ax);
        }
        else
        {
            y = 1f - 2f / (1f + Exp(ax + ax));
        }
        return MathF.CopySign(y, x);
    }
}
