using System.Numerics;

namespace Recur.Kernels;

public static partial class GateKernels
{
    // da = dh⊙(1 − h²), h = tanh(a)
    /// <summary>Backward of h = tanh(a): da = dh⊙(1 − h²).</summary>
    public static void TanhBackward<T>(int n, ReadOnlySpan<T> dh, ReadOnlySpan<T> h, Span<T> da)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(n, dh, nameof(dh)); Check(n, h, nameof(h)); Check(n, da, nameof(da));
        int j = 0, w = Lanes<T>();
        var one = Vector<T>.One;
        for (; j + w <= n; j += w)
        {
            var hv = Load(h, j);
            Store(Load(dh, j) * (one - hv * hv), da, j);
        }
        for (; j < n; j++) da[j] = dh[j] * (T.One - h[j] * h[j]);
    }

    // da = dh⊙[h > 0], h = relu(a)
    /// <summary>Backward of h = max(a, 0): da = dh where h &gt; 0, else 0.</summary>
    public static void ReluBackward<T>(int n, ReadOnlySpan<T> dh, ReadOnlySpan<T> h, Span<T> da)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(n, dh, nameof(dh)); Check(n, h, nameof(h)); Check(n, da, nameof(da));
        int j = 0, w = Lanes<T>();
        for (; j + w <= n; j += w)
            Store(Vector.ConditionalSelect(Vector.GreaterThan(Load(h, j), Vector<T>.Zero), Load(dh, j), Vector<T>.Zero), da, j);
        for (; j < n; j++) da[j] = h[j] > T.Zero ? dh[j] : T.Zero;
    }

    // h = (1 − z)⊙n + z⊙h_prev, z = σ(a_z), n = tanh(a_n):
    // da_z = dh⊙(h_prev − n)⊙z(1 − z);  da_n = dh⊙(1 − z)⊙(1 − n²);  dh_prev = dh⊙z
    /// <summary>Backward of the GRU state update through z and n (n's pre-activation gradient before any reset gate).</summary>
    public static void GatedUpdateBackward<T>(int count, ReadOnlySpan<T> dh, ReadOnlySpan<T> z, ReadOnlySpan<T> n,
        ReadOnlySpan<T> hPrev, Span<T> daZ, Span<T> daN, Span<T> dhPrev)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(count, dh, nameof(dh)); Check(count, z, nameof(z)); Check(count, n, nameof(n)); Check(count, hPrev, nameof(hPrev));
        Check(count, daZ, nameof(daZ)); Check(count, daN, nameof(daN)); Check(count, dhPrev, nameof(dhPrev));
        int j = 0, w = Lanes<T>();
        var one = Vector<T>.One;
        for (; j + w <= count; j += w)
        {
            var d = Load(dh, j); var zv = Load(z, j); var nv = Load(n, j);
            Store(d * (Load(hPrev, j) - nv) * zv * (one - zv), daZ, j);
            Store(d * (one - zv) * (one - nv * nv), daN, j);
            Store(d * zv, dhPrev, j);
        }
        for (; j < count; j++)
        {
            T d = dh[j], zj = z[j], nj = n[j];
            daZ[j] = d * (hPrev[j] - nj) * zj * (T.One - zj);
            daN[j] = d * (T.One - zj) * (T.One - nj * nj);
            dhPrev[j] = d * zj;
        }
    }

    // Reset before the matmul, rh = r⊙h_in:  da_r = d(rh)⊙h_in⊙r(1 − r);  dh_in += d(rh)⊙r
    /// <summary>Backward of rh = r⊙h_in with r = σ(a_r).</summary>
    public static void ResetBeforeBackward<T>(int n, ReadOnlySpan<T> dRh, ReadOnlySpan<T> r, ReadOnlySpan<T> hIn, Span<T> daR, Span<T> dhIn)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(n, dRh, nameof(dRh)); Check(n, r, nameof(r)); Check(n, hIn, nameof(hIn)); Check(n, daR, nameof(daR)); Check(n, dhIn, nameof(dhIn));
        int j = 0, w = Lanes<T>();
        var one = Vector<T>.One;
        for (; j + w <= n; j += w)
        {
            var d = Load(dRh, j); var rv = Load(r, j);
            Store(d * Load(hIn, j) * rv * (one - rv), daR, j);
            Store(Load(dhIn, j) + d * rv, dhIn, j);
        }
        for (; j < n; j++)
        {
            T d = dRh[j], rj = r[j];
            daR[j] = d * hIn[j] * rj * (T.One - rj);
            dhIn[j] += d * rj;
        }
    }

    // Reset after the matmul, n = tanh(a_n + r⊙m_n):  dm_n = da_n⊙r;  da_r = da_n⊙m_n⊙r(1 − r)
    /// <summary>Backward of r⊙m_n with r = σ(a_r): the recurrent gradient of the n block and the r gate's.</summary>
    public static void ResetAfterBackward<T>(int n, ReadOnlySpan<T> daN, ReadOnlySpan<T> r, ReadOnlySpan<T> mN, Span<T> daR, Span<T> dmN)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(n, daN, nameof(daN)); Check(n, r, nameof(r)); Check(n, mN, nameof(mN)); Check(n, daR, nameof(daR)); Check(n, dmN, nameof(dmN));
        int j = 0, w = Lanes<T>();
        var one = Vector<T>.One;
        for (; j + w <= n; j += w)
        {
            var d = Load(daN, j); var rv = Load(r, j);
            Store(d * Load(mN, j) * rv * (one - rv), daR, j);
            Store(d * rv, dmN, j);
        }
        for (; j < n; j++)
        {
            T d = daN[j], rj = r[j];
            daR[j] = d * mN[j] * rj * (T.One - rj);
            dmN[j] = d * rj;
        }
    }

    // h = o⊙tanh(c), c = f⊙c_prev + i⊙g:
    // da_o = dh⊙tanh(c)⊙o(1 − o);  dc += dh⊙o⊙(1 − tanh²c)
    // da_i = dc⊙g⊙i(1 − i);  da_f = dc⊙c_prev⊙f(1 − f);  da_g = dc⊙i⊙(1 − g²);  dc_prev = dc⊙f
    /// <summary>Backward of one LSTM step without peepholes; <paramref name="gates"/> and <paramref name="dGates"/> are
    /// rows of 4H in the order i, f, g, o. When <paramref name="dGatesSum"/> [4H] is given, the gate gradients are also
    /// added to it (a bias gradient summed in the same pass).</summary>
    public static void LstmBackward<T>(int h, ReadOnlySpan<T> dh, ReadOnlySpan<T> dc, ReadOnlySpan<T> gates, ReadOnlySpan<T> tanhC,
        ReadOnlySpan<T> cPrev, Span<T> dGates, Span<T> dcPrev, Span<T> dGatesSum = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(h, dh, nameof(dh)); Check(h, dc, nameof(dc)); Check(4 * h, gates, nameof(gates)); Check(h, tanhC, nameof(tanhC));
        Check(h, cPrev, nameof(cPrev)); Check(4 * h, dGates, nameof(dGates)); Check(h, dcPrev, nameof(dcPrev));
        bool sum = !dGatesSum.IsEmpty;
        if (sum) Check(4 * h, dGatesSum, nameof(dGatesSum));
        ReadOnlySpan<T> i = gates[..h], f = gates.Slice(h, h), g = gates.Slice(2 * h, h), o = gates.Slice(3 * h, h);
        Span<T> di = dGates[..h], df = dGates.Slice(h, h), dg = dGates.Slice(2 * h, h), dO = dGates.Slice(3 * h, h);
        int j = 0, w = Lanes<T>();
        var one = Vector<T>.One;
        for (; j + w <= h; j += w)
        {
            var dhv = Load(dh, j); var tc = Load(tanhC, j);
            var iv = Load(i, j); var fv = Load(f, j); var gv = Load(g, j); var ov = Load(o, j);
            var dOv = dhv * tc * ov * (one - ov);
            var dct = Load(dc, j) + dhv * ov * (one - tc * tc);
            var div = dct * gv * iv * (one - iv);
            var dfv = dct * Load(cPrev, j) * fv * (one - fv);
            var dgv = dct * iv * (one - gv * gv);
            Store(div, di, j);
            Store(dfv, df, j);
            Store(dgv, dg, j);
            Store(dOv, dO, j);
            Store(dct * fv, dcPrev, j);
            if (!sum) continue;
            Store(Load(dGatesSum, j) + div, dGatesSum, j);
            Store(Load(dGatesSum, h + j) + dfv, dGatesSum, h + j);
            Store(Load(dGatesSum, 2 * h + j) + dgv, dGatesSum, 2 * h + j);
            Store(Load(dGatesSum, 3 * h + j) + dOv, dGatesSum, 3 * h + j);
        }
        for (; j < h; j++)
        {
            T dhj = dh[j], tc = tanhC[j], ij = i[j], fj = f[j], gj = g[j], oj = o[j];
            dO[j] = dhj * tc * oj * (T.One - oj);
            T dct = dc[j] + dhj * oj * (T.One - tc * tc);
            di[j] = dct * gj * ij * (T.One - ij);
            df[j] = dct * cPrev[j] * fj * (T.One - fj);
            dg[j] = dct * ij * (T.One - gj * gj);
            dcPrev[j] = dct * fj;
            if (!sum) continue;
            dGatesSum[j] += di[j];
            dGatesSum[h + j] += df[j];
            dGatesSum[2 * h + j] += dg[j];
            dGatesSum[3 * h + j] += dO[j];
        }
    }

    // With peepholes p = [p_i; p_f; p_o] (i, f look at c_prev, o at c):
    // da_o as above;  dc += dh⊙o⊙(1 − tanh²c) + da_o⊙p_o;  da_i, da_f, da_g as above
    // dc_prev = dc⊙f + da_i⊙p_i + da_f⊙p_f;  dp_i += da_i⊙c_prev;  dp_f += da_f⊙c_prev;  dp_o += da_o⊙c
    /// <summary>Backward of one peephole-LSTM step; <paramref name="peephole"/> and <paramref name="dPeephole"/> are [3H],
    /// rows i, f, o, and the peephole gradient is accumulated.</summary>
    public static void LstmPeepholeBackward<T>(int h, ReadOnlySpan<T> dh, ReadOnlySpan<T> dc, ReadOnlySpan<T> gates, ReadOnlySpan<T> tanhC,
        ReadOnlySpan<T> cPrev, ReadOnlySpan<T> c, ReadOnlySpan<T> peephole, Span<T> dGates, Span<T> dcPrev, Span<T> dPeephole)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(h, dh, nameof(dh)); Check(h, dc, nameof(dc)); Check(4 * h, gates, nameof(gates)); Check(h, tanhC, nameof(tanhC));
        Check(h, cPrev, nameof(cPrev)); Check(h, c, nameof(c)); Check(3 * h, peephole, nameof(peephole));
        Check(4 * h, dGates, nameof(dGates)); Check(h, dcPrev, nameof(dcPrev)); Check(3 * h, dPeephole, nameof(dPeephole));
        ReadOnlySpan<T> i = gates[..h], f = gates.Slice(h, h), g = gates.Slice(2 * h, h), o = gates.Slice(3 * h, h);
        ReadOnlySpan<T> pi = peephole[..h], pf = peephole.Slice(h, h), po = peephole.Slice(2 * h, h);
        Span<T> di = dGates[..h], df = dGates.Slice(h, h), dg = dGates.Slice(2 * h, h), dO = dGates.Slice(3 * h, h);
        Span<T> dpi = dPeephole[..h], dpf = dPeephole.Slice(h, h), dpo = dPeephole.Slice(2 * h, h);
        int j = 0, w = Lanes<T>();
        var one = Vector<T>.One;
        for (; j + w <= h; j += w)
        {
            var dhv = Load(dh, j); var tc = Load(tanhC, j); var cp = Load(cPrev, j);
            var iv = Load(i, j); var fv = Load(f, j); var gv = Load(g, j); var ov = Load(o, j);
            var daO = dhv * tc * ov * (one - ov);
            var dct = Load(dc, j) + dhv * ov * (one - tc * tc) + daO * Load(po, j);
            var daI = dct * gv * iv * (one - iv);
            var daF = dct * cp * fv * (one - fv);
            Store(daO, dO, j); Store(daI, di, j); Store(daF, df, j);
            Store(dct * iv * (one - gv * gv), dg, j);
            Store(dct * fv + daI * Load(pi, j) + daF * Load(pf, j), dcPrev, j);
            Store(Load(dpi, j) + daI * cp, dpi, j);
            Store(Load(dpf, j) + daF * cp, dpf, j);
            Store(Load(dpo, j) + daO * Load(c, j), dpo, j);
        }
        for (; j < h; j++)
        {
            T dhj = dh[j], tc = tanhC[j], cp = cPrev[j], ij = i[j], fj = f[j], gj = g[j], oj = o[j];
            T daO = dhj * tc * oj * (T.One - oj);
            T dct = dc[j] + dhj * oj * (T.One - tc * tc) + daO * po[j];
            T daI = dct * gj * ij * (T.One - ij);
            T daF = dct * cp * fj * (T.One - fj);
            dO[j] = daO; di[j] = daI; df[j] = daF;
            dg[j] = dct * ij * (T.One - gj * gj);
            dcPrev[j] = dct * fj + daI * pi[j] + daF * pf[j];
            dpi[j] += daI * cp;
            dpf[j] += daF * cp;
            dpo[j] += daO * c[j];
        }
    }
}
