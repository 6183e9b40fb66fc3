using System.Numerics;

namespace Recur.Kernels;

public static partial class GateKernels
{
    // c = f⊙c_prev + i⊙g
    /// <summary>LSTM cell update: c = f⊙c_prev + i⊙g over n elements.</summary>
    public static void LstmCell<T>(int n, ReadOnlySpan<T> i, ReadOnlySpan<T> f, ReadOnlySpan<T> g, ReadOnlySpan<T> cPrev, Span<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(n, i, nameof(i)); Check(n, f, nameof(f)); Check(n, g, nameof(g)); Check(n, cPrev, nameof(cPrev)); Check(n, c, nameof(c));
        int j = 0, w = Lanes<T>();
        for (; j + w <= n; j += w) Store(Load(f, j) * Load(cPrev, j) + Load(i, j) * Load(g, j), c, j);
        for (; j < n; j++) c[j] = f[j] * cPrev[j] + i[j] * g[j];
    }

    // h = (1 − z)⊙n + z⊙h_prev = n + z⊙(h_prev − n)
    /// <summary>GRU state update: h = (1 − z)⊙n + z⊙h_prev over <paramref name="count"/> elements.</summary>
    public static void GatedUpdate<T>(int count, ReadOnlySpan<T> z, ReadOnlySpan<T> n, ReadOnlySpan<T> hPrev, Span<T> h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(count, z, nameof(z)); Check(count, n, nameof(n)); Check(count, hPrev, nameof(hPrev)); Check(count, h, nameof(h));
        int j = 0, w = Lanes<T>();
        for (; j + w <= count; j += w)
        {
            var nv = Load(n, j);
            Store(nv + Load(z, j) * (Load(hPrev, j) - nv), h, j);
        }
        for (; j < count; j++) h[j] = n[j] + z[j] * (hPrev[j] - n[j]);
    }

    /// <summary>y += a⊙b over n elements (peephole terms, r⊙(W_hn·h) in the reset-after GRU).</summary>
    public static void MultiplyAdd<T>(int n, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(n, a, nameof(a)); Check(n, b, nameof(b)); Check(n, y, nameof(y));
        int j = 0, w = Lanes<T>();
        for (; j + w <= n; j += w) Store(Load(y, j) + Load(a, j) * Load(b, j), y, j);
        for (; j < n; j++) y[j] += a[j] * b[j];
    }

    /// <summary>y = a⊙b over n elements.</summary>
    public static void Multiply<T>(int n, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(n, a, nameof(a)); Check(n, b, nameof(b)); Check(n, y, nameof(y));
        int j = 0, w = Lanes<T>();
        for (; j + w <= n; j += w) Store(Load(a, j) * Load(b, j), y, j);
        for (; j < n; j++) y[j] = a[j] * b[j];
    }
}
