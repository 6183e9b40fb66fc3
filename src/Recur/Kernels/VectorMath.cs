using System.Runtime.CompilerServices;

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
    public static TV Exp<TV, TF>(TV a) where TV : struct where TF : IFloatVector<TV>
    {
        var tiny = TF.LessThan(a, TF.Create(MinArgument));
        a = TF.MinNative(TF.MaxNative(a, TF.Create(MinArgument)), TF.Create(MaxArgument));
        var k = TF.Round(TF.Multiply(a, TF.Create(Log2E)));
        var r = TF.FusedMultiplyAdd(k, TF.Create(-Ln2Hi), a);
        r = TF.FusedMultiplyAdd(k, TF.Create(-Ln2Lo), r);
        var p = TF.Create(1f / 5040);
        p = TF.FusedMultiplyAdd(p, r, TF.Create(1f / 720));
        p = TF.FusedMultiplyAdd(p, r, TF.Create(1f / 120));
        p = TF.FusedMultiplyAdd(p, r, TF.Create(1f / 24));
        p = TF.FusedMultiplyAdd(p, r, TF.Create(1f / 6));
        p = TF.FusedMultiplyAdd(p, r, TF.Create(0.5f));
        p = TF.FusedMultiplyAdd(p, r, TF.Create(1f));
        p = TF.FusedMultiplyAdd(p, r, TF.Create(1f));
        // 2^k from the exponent bits (biased exponent k + 127 is 1..254 for k in the clamped range).
        return TF.Select(tiny, TF.Create(0f), TF.Multiply(p, TF.Pow2(k)));
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
    public static TV Sigmoid<TV, TF>(TV x) where TV : struct where TF : IFloatVector<TV>
    {
        var one = TF.Create(1f);
        var y = TF.Divide(one, TF.Add(one, Exp<TV, TF>(TF.Subtract(TF.Create(0f), x))));
        return TF.Select(TF.Equals(x, x), y, x);
    }

    public static float Sigmoid(float x) => float.IsNaN(x) ? x : 1f / (1f + Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh<TV, TF>(TV x) where TV : struct where TF : IFloatVector<TV>
    {
        var one = TF.Create(1f);
        var ax = TF.Abs(x);
        var large = TF.Subtract(one, TF.Divide(TF.Create(2f), TF.Add(one, Exp<TV, TF>(TF.Add(ax, ax)))));
        var x2 = TF.Multiply(ax, ax);
        var p = TF.Create(T15);
        p = TF.FusedMultiplyAdd(p, x2, TF.Create(T13));
        p = TF.FusedMultiplyAdd(p, x2, TF.Create(T11));
        p = TF.FusedMultiplyAdd(p, x2, TF.Create(T9));
        p = TF.FusedMultiplyAdd(p, x2, TF.Create(T7));
        p = TF.FusedMultiplyAdd(p, x2, TF.Create(T5));
        p = TF.FusedMultiplyAdd(p, x2, TF.Create(T3));
        var small = TF.FusedMultiplyAdd(TF.Multiply(ax, x2), p, ax);
        var y = TF.Select(TF.LessThan(ax, TF.Create(TanhSeriesLimit)), small, large);
        // |tanh x| with the sign bit of x; NaN stays NaN.
        y = TF.Or(y, TF.And(x, TF.Create(-0f)));
        return TF.Select(TF.Equals(x, x), y, x);
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
