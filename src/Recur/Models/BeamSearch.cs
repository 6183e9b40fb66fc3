using System.Numerics;
using Recur.Kernels;

namespace Recur.Models;

/// <summary>
/// The N most probable continuations of a prime under a <see cref="LanguageModel{T}"/> by beam search: every step extends
/// each live beam by every token and keeps the N best by total log-probability; a beam that draws <c>&lt;eos&gt;</c> is finished.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class BeamSearch<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LanguageModel<T> _model;
    private readonly int _eosId;

    /// <summary>A finished or unfinished beam: its tokens (prime excluded) and log-probability.</summary>
    /// <param name="Tokens">Generated ids, without <c>&lt;eos&gt;</c>.</param>
    /// <param name="LogProbability">Σ log P of the generated tokens, <c>&lt;eos&gt;</c> included when finished.</param>
    /// <param name="Finished">True when the beam ended with <c>&lt;eos&gt;</c>.</param>
    public sealed record Beam(IReadOnlyList<int> Tokens, double LogProbability, bool Finished);

    /// <summary>Creates a beam search over <paramref name="model"/>.</summary>
    public BeamSearch(LanguageModel<T> model, int eosId)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _eosId = eosId;
    }

    /// <summary>Runs the search.</summary>
    /// <param name="prime">Ids after the start token.</param>
    /// <param name="width">N, the number of beams kept and returned.</param>
    /// <param name="maxLength">Most generated tokens per beam.</param>
    /// <returns>Up to N beams, most probable first.</returns>
    public IReadOnlyList<Beam> Search(IReadOnlyList<int> prime, int width, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(prime);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        int v = _model.VocabularySize;
        // Run the start token and the prime once, with batch 1.
        _model.ResetState(1);
        _model.Forward(1, 1, [_eosId], default, default, carryState: false, null);
        foreach (int id in prime) _model.Forward(1, 1, [id], default, default, carryState: true, null);

        var live = new List<(List<int> Tokens, double LogP)> { ([], 0.0) };
        var finished = new List<Beam>();
        var logits = _model.Logits.ToArray();
        var h = _model.HiddenState.ToArray();
        var c = _model.CellState.ToArray();
        var logProbs = new double[v];
        for (int step = 0; step < maxLength && live.Count > 0; step++)
        {
            var candidates = new List<(int Parent, int Token, double LogP)>(live.Count * v);
            for (int b = 0; b < live.Count; b++)
            {
                Activations.LogProbabilities(logits.AsSpan(b * v, v), logProbs);
                for (int j = 0; j < v; j++) candidates.Add((b, j, live[b].LogP + logProbs[j]));
            }
            candidates.Sort((x, y) => y.LogP != x.LogP ? y.LogP.CompareTo(x.LogP) : (x.Parent, x.Token).CompareTo((y.Parent, y.Token)));
            var next = new List<(List<int> Tokens, double LogP)>();
            var parents = new List<int>();
            foreach (var (parent, token, logP) in candidates)
            {
                if (next.Count == width) break;
                if (token == _eosId)
                {
                    finished.Add(new Beam(live[parent].Tokens.ToArray(), logP, true));
                    continue;
                }
                next.Add(([.. live[parent].Tokens, token], logP));
                parents.Add(parent);
            }
            finished.Sort((x, y) => y.LogProbability.CompareTo(x.LogProbability));
            // Log-probabilities only fall as beams grow: once N finished beams beat the best live one, none can overtake them.
            if (finished.Count >= width && (next.Count == 0 || finished[width - 1].LogProbability >= next[0].LogP))
            {
                live.Clear();
                break;
            }
            live = next;
            if (live.Count == 0 || step == maxLength - 1) break;
            // Each new beam continues its parent's state: gather the rows, then feed every beam's last token as one batch.
            _model.SetState(live.Count, Gather(h, parents), c.Length == 0 ? default : Gather(c, parents));
            var tokens = live.Select(l => l.Tokens[^1]).ToArray();
            _model.Forward(1, live.Count, tokens, default, default, carryState: true, null);
            logits = _model.Logits.ToArray();
            h = _model.HiddenState.ToArray();
            c = _model.CellState.ToArray();
        }
        foreach (var (tokens, logP) in live) finished.Add(new Beam(tokens, logP, false));
        return finished.OrderByDescending(b => b.LogProbability).Take(width).ToArray();
    }

    // State [S, B, H] → [S, parents.Count, H], row b of each layer taken from row parents[b].
    private T[] Gather(T[] state, List<int> parents)
    {
        int hidden = _model.Options.HiddenSize, layers = _model.Rnn.StateLayers;
        int batch = state.Length / (layers * hidden);
        var result = new T[layers * parents.Count * hidden];
        for (int s = 0; s < layers; s++)
            for (int b = 0; b < parents.Count; b++)
                state.AsSpan((s * batch + parents[b]) * hidden, hidden).CopyTo(result.AsSpan((s * parents.Count + b) * hidden, hidden));
        return result;
    }

}
