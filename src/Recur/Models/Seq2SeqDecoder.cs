using System.Numerics;
using Recur.Kernels;
using Recur.Text;

namespace Recur.Models;

/// <summary>
/// Decodes target sequences from a trained <see cref="Seq2Seq{T}"/>: greedy (the most probable token at every step,
/// batched over many sources) and beam search with GNMT's length penalty (Wu et al. 2016, eq. 14):
/// hypotheses are ranked by log P(Y | X) / lp(Y), lp(Y) = ((5 + |Y|)/6)^α, where |Y| counts the generated tokens and
/// the final &lt;eos&gt;. α = 0 ranks by the plain log-probability; larger α favours longer outputs. Wu et al.'s coverage
/// penalty needs attention and is not used. Both stop a sequence at &lt;eos&gt; or after <c>maxLength</c> tokens, and
/// neither generates &lt;unk&gt; unless <see cref="AllowUnknown"/> is set (as Marian's default): the next best token
/// takes its place, and log-probabilities stay those of the full softmax.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Seq2SeqDecoder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Seq2Seq<T> _model;

    /// <summary>Creates a decoder over <paramref name="model"/>.</summary>
    public Seq2SeqDecoder(Seq2Seq<T> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
    }

    /// <summary>Whether decoding may generate <see cref="Vocabulary.Unk"/> (default false).</summary>
    public bool AllowUnknown { get; init; }

    /// <summary>lp(Y) = ((5 + |Y|)/6)^α.</summary>
    /// <param name="length">|Y| ≥ 0.</param>
    /// <param name="alpha">α ≥ 0.</param>
    /// <exception cref="ArgumentException">A negative length, or α negative or not finite.</exception>
    public static double LengthPenalty(int length, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        CheckAlpha(alpha);
        return alpha == 0 ? 1 : Math.Pow((5.0 + length) / 6.0, alpha);
    }

    /// <summary>Greedy decoding of many sources, <paramref name="batchSize"/> at a time (sorted by length to limit padding).</summary>
    /// <param name="sources">Source ids, each non-empty, without &lt;eos&gt;.</param>
    /// <param name="maxLength">Most tokens per output (≥ 1), &lt;eos&gt; included.</param>
    /// <param name="batchSize">Sources decoded together.</param>
    /// <returns>One hypothesis per source, in the order of <paramref name="sources"/>.</returns>
    /// <exception cref="ArgumentException">A source is empty or a size is not positive.</exception>
    public IReadOnlyList<Seq2SeqHypothesis> Greedy(IReadOnlyList<int[]> sources, int maxLength, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        CheckSources(sources);
        var results = new Seq2SeqHypothesis[sources.Count];
        var order = Enumerable.Range(0, sources.Count).OrderBy(i => sources[i].Length).ToArray();
        int v = _model.TargetVocabularySize;
        for (int start = 0; start < order.Length; start += batchSize)
        {
            int batch = Math.Min(batchSize, order.Length - start);
            var chunk = order.AsSpan(start, batch).ToArray();
            var (h, c) = EncodeBatch(chunk.Select(i => sources[i]).ToArray());
            int n = _model.StateLength(batch);
            var hNext = new T[n];
            var cNext = new T[c.Length];
            var logits = new T[batch * v];
            var tokens = new int[batch];
            Array.Fill(tokens, Vocabulary.EosId);
            var outputs = new List<int>[batch];
            var logP = new double[batch];
            var done = new bool[batch];
            for (int b = 0; b < batch; b++) outputs[b] = [];
            int remaining = batch;
            for (int step = 0; step < maxLength && remaining > 0; step++)
            {
                _model.DecodeStep(batch, tokens, h, c, hNext, cNext, logits);
                (h, hNext) = (hNext, h);
                (c, cNext) = (cNext, c);
                for (int b = 0; b < batch; b++)
                {
                    if (done[b]) continue;
                    var z = logits.AsSpan(b * v, v);
                    int best = ArgMax(z, AllowUnknown ? -1 : Vocabulary.UnkId);
                    logP[b] += double.CreateChecked(z[best]) - Activations.LogSumExp(z);
                    tokens[b] = best;
                    if (best == Vocabulary.EosId) { done[b] = true; remaining--; }
                    else outputs[b].Add(best);
                }
            }
            for (int b = 0; b < batch; b++) results[chunk[b]] = new Seq2SeqHypothesis(outputs[b].ToArray(), logP[b], logP[b], done[b]);
        }
        return results;
    }

    /// <summary>
    /// Beam search for one source: every step extends each live hypothesis by every token, and the <paramref name="width"/>
    /// best extensions by log-probability stay live; one that draws &lt;eos&gt; is finished. The search stops when every
    /// hypothesis is finished, at <paramref name="maxLength"/>, or when <paramref name="width"/> finished hypotheses score
    /// at least the best any live one can still reach (log P only falls and lp only grows with length, so a live one
    /// scores at most log P / lp(maxLength)): the ranking by score returned is then final.
    /// </summary>
    /// <param name="source">Source ids, non-empty.</param>
    /// <param name="width">N, the beam width (1 gives greedy decoding).</param>
    /// <param name="alpha">α of the length penalty (≥ 0; 0 ranks by log-probability).</param>
    /// <param name="maxLength">Most tokens per output, &lt;eos&gt; included.</param>
    /// <returns>Up to N hypotheses, best score first; unfinished ones (cut at the length limit) included.</returns>
    /// <exception cref="ArgumentException">An empty source, a size that is not positive, or a bad α.</exception>
    public IReadOnlyList<Seq2SeqHypothesis> Beam(int[] source, int width, double alpha, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        CheckAlpha(alpha);
        CheckSources([source]);
        int v = _model.TargetVocabularySize, hidden = _model.Options.HiddenSize, layers = _model.Options.NumLayers;
        var (h, c) = EncodeBatch([source]);
        var live = new List<(int[] Tokens, double LogP)> { ([], 0.0) };
        var finished = new List<Seq2SeqHypothesis>();
        double boundPenalty = LengthPenalty(maxLength, alpha);
        var logProbs = new double[v];
        var candidates = new List<(int Parent, int Token, double LogP)>();
        var top = new List<(int Token, double LogP)>();
        for (int step = 0; step < maxLength && live.Count > 0; step++)
        {
            int k = live.Count;
            var hNext = new T[layers * k * hidden];
            var cNext = new T[c.Length == 0 ? 0 : hNext.Length];
            var logits = new T[k * v];
            _model.DecodeStep(k, live.Select(l => l.Tokens.Length == 0 ? Vocabulary.EosId : l.Tokens[^1]).ToArray(), h, c, hNext, cNext, logits);
            candidates.Clear();
            for (int b = 0; b < k; b++)
            {
                Activations.LogProbabilities(logits.AsSpan(b * v, v), logProbs);
                if (!AllowUnknown) logProbs[Vocabulary.UnkId] = double.NegativeInfinity;
                // At most width non-<eos> children of one parent can be kept, plus its <eos>: its width + 1 best suffice.
                SelectTop(logProbs, Math.Min(v, width + 1), top);
                foreach (var (token, logP) in top) candidates.Add((b, token, live[b].LogP + logP));
            }
            candidates.Sort((x, y) => y.LogP != x.LogP ? y.LogP.CompareTo(x.LogP) : (x.Parent, x.Token).CompareTo((y.Parent, y.Token)));
            var next = new List<(int[] Tokens, double LogP)>();
            var parents = new List<int>();
            foreach (var (parent, token, logP) in candidates)
            {
                if (next.Count == width) break;
                var prefix = live[parent].Tokens;
                if (token == Vocabulary.EosId)
                {
                    finished.Add(new Seq2SeqHypothesis(prefix, logP, logP / LengthPenalty(prefix.Length + 1, alpha), true));
                    continue;
                }
                next.Add(([.. prefix, token], logP));
                parents.Add(parent);
            }
            finished.Sort((x, y) => y.Score.CompareTo(x.Score));
            double bestLive = next.Count == 0 ? double.NegativeInfinity : next.Max(l => l.LogP) / boundPenalty;
            live = next;
            if (finished.Count >= width && finished[width - 1].Score >= bestLive) { live.Clear(); break; }
            if (live.Count == 0 || step == maxLength - 1) break;
            (h, c) = (Gather(hNext, k, parents, layers, hidden), cNext.Length == 0 ? cNext : Gather(cNext, k, parents, layers, hidden));
        }
        foreach (var (tokens, logP) in live) finished.Add(new Seq2SeqHypothesis(tokens, logP, logP / LengthPenalty(tokens.Length, alpha), false));
        return finished.OrderByDescending(x => x.Score).Take(width).ToArray();
    }

    /// <summary>log P(target, &lt;eos&gt; | source) under teacher forcing: Σ_t log softmax(z⟨t⟩)[y⟨t⟩].</summary>
    /// <param name="source">Source ids, non-empty.</param>
    /// <param name="target">Target ids, without &lt;eos&gt;.</param>
    /// <param name="withEos">Include the final &lt;eos&gt; (default true).</param>
    /// <exception cref="ArgumentException">An empty source or an id out of range.</exception>
    public double LogProbability(int[] source, IReadOnlyList<int> target, bool withEos = true)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        CheckSources([source]);
        int v = _model.TargetVocabularySize;
        var (h, c) = EncodeBatch([source]);
        var hNext = new T[h.Length];
        var cNext = new T[c.Length];
        var logits = new T[v];
        double total = 0;
        int previous = Vocabulary.EosId;
        int steps = target.Count + (withEos ? 1 : 0);
        for (int t = 0; t < steps; t++)
        {
            int y = t < target.Count ? target[t] : Vocabulary.EosId;
            if ((uint)y >= (uint)v) throw new ArgumentException($"Target id {y} at position {t} is outside 0..{v - 1}.", nameof(target));
            _model.DecodeStep(1, [previous], h, c, hNext, cNext, logits);
            total += double.CreateChecked(logits[y]) - Activations.LogSumExp(logits);
            (h, hNext) = (hNext, h);
            (c, cNext) = (cNext, c);
            previous = y;
        }
        return total;
    }

    // The k largest values, largest first, ties by lower index: one pass with insertion into a short sorted list.
    private static void SelectTop(double[] values, int k, List<(int Token, double LogP)> top)
    {
        top.Clear();
        for (int j = 0; j < values.Length; j++)
        {
            double x = values[j];
            if (double.IsNegativeInfinity(x) || (top.Count == k && !(x > top[k - 1].LogP))) continue;
            int at = top.Count == k ? k - 1 : top.Count;
            if (top.Count == k) top.RemoveAt(k - 1);
            while (at > 0 && top[at - 1].LogP < x) at--;
            top.Insert(at, (j, x));
        }
    }

    private (T[] H, T[] C) EncodeBatch(int[][] sources)
    {
        int batch = sources.Length, steps = sources.Max(s => s.Length);
        var ids = new int[steps * batch];
        Array.Fill(ids, Vocabulary.EosId);
        var lengths = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            lengths[b] = sources[b].Length;
            for (int t = 0; t < sources[b].Length; t++) ids[t * batch + b] = sources[b][t];
        }
        int n = _model.StateLength(batch);
        var h = new T[n];
        var c = _model.HasCellState ? new T[n] : [];
        _model.Encode(steps, batch, ids, lengths, h, c);
        return (h, c);
    }

    // State [L, B, H] → [L, parents.Count, H], row b of each layer taken from row parents[b].
    private static T[] Gather(T[] state, int batch, List<int> parents, int layers, int hidden)
    {
        var result = new T[layers * parents.Count * hidden];
        for (int l = 0; l < layers; l++)
            for (int b = 0; b < parents.Count; b++)
                state.AsSpan((l * batch + parents[b]) * hidden, hidden).CopyTo(result.AsSpan((l * parents.Count + b) * hidden, hidden));
        return result;
    }

    private static void CheckSources(IReadOnlyList<int[]> sources)
    {
        for (int i = 0; i < sources.Count; i++)
            if (sources[i] is not { Length: > 0 }) throw new ArgumentException($"Source {i} is empty.", nameof(sources));
    }

    private static void CheckAlpha(double alpha)
    {
        if (!(alpha >= 0) || double.IsInfinity(alpha))
            throw new ArgumentException($"The length-penalty α must be ≥ 0 and finite, got {alpha}.", nameof(alpha));
    }

    private static int ArgMax(ReadOnlySpan<T> z, int excluded)
    {
        int best = excluded == 0 ? 1 : 0;
        for (int j = best + 1; j < z.Length; j++)
            if (j != excluded && z[j] > z[best]) best = j;
        return best;
    }


}
