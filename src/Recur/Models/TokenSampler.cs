using System.Numerics;
using Recur.Training;

namespace Recur.Models;

/// <summary>
/// Draws one token from a row of logits with temperature, top-k and top-p (nucleus) filtering. Excluded tokens get
/// probability exactly zero, so they are never drawn. Reuses its buffers: drawing allocates nothing once warmed up.
/// </summary>
public sealed class TokenSampler
{
    private double[] _p = [];
    private int[] _order = [];

    /// <summary>Creates a sampler.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public TokenSampler(SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The filtering options.</summary>
    public SamplingOptions Options { get; }

    /// <summary>The filtered, renormalised probabilities of the last <see cref="Draw{T}"/> call.</summary>
    public ReadOnlySpan<double> Probabilities => _p;

    /// <summary>Draws a token id from <paramref name="logits"/>.</summary>
    public int Draw<T>(ReadOnlySpan<T> logits, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Filter(logits);
        double u = rng.NextDouble(), cumulative = 0;
        int last = -1;
        for (int i = 0; i < _p.Length; i++)
        {
            if (_p[i] == 0) continue;
            last = i;
            cumulative += _p[i];
            if (u < cumulative) return i;
        }
        return last; // rounding left u above the final cumulative sum: the last kept token
    }

    /// <summary>Computes the filtered distribution into <see cref="Probabilities"/>.</summary>
    /// <exception cref="ArgumentException">The logits are empty or not finite.</exception>
    public void Filter<T>(ReadOnlySpan<T> logits) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int v = logits.Length;
        if (v == 0) throw new ArgumentException("No logits to sample from.", nameof(logits));
        if (_p.Length != v) { _p = new double[v]; _order = new int[v]; }
        double max = double.NegativeInfinity;
        for (int i = 0; i < v; i++)
        {
            double z = double.CreateChecked(logits[i]);
            if (!double.IsFinite(z)) throw new ArgumentException($"Logit {i} is {z}.", nameof(logits));
            max = Math.Max(max, z);
        }
        double sum = 0;
        for (int i = 0; i < v; i++) sum += _p[i] = Math.Exp((double.CreateChecked(logits[i]) - max) / Options.Temperature);
        for (int i = 0; i < v; i++) _p[i] /= sum;
        if (Options.TopK == 0 && Options.TopP >= 1) return;

        // Most probable first; ties by id so that the kept set is deterministic.
        for (int i = 0; i < v; i++) _order[i] = i;
        var p = _p;
        Array.Sort(_order, (a, b) => p[b] != p[a] ? p[b].CompareTo(p[a]) : a.CompareTo(b));
        int keep = Options.TopK == 0 ? v : Math.Min(Options.TopK, v);
        if (Options.TopP < 1)
        {
            double mass = 0;
            for (int r = 0; r < keep; r++)
            {
                mass += p[_order[r]];
                if (mass >= Options.TopP) { keep = r + 1; break; }
            }
        }
        double kept = 0;
        for (int r = 0; r < v; r++)
        {
            if (r < keep) kept += p[_order[r]];
            else p[_order[r]] = 0;
        }
        for (int i = 0; i < v; i++) p[i] /= kept;
    }
}
