using System.Numerics;
using Recur.Kernels;

namespace Recur.Models;

/// <summary>
/// The probability of a sequence under a <see cref="LanguageModel{T}"/> as the product of its conditionals:
/// log P(y⟨1⟩…y⟨n⟩ &lt;eos&gt;) = Σ_t log P(y⟨t⟩ | y⟨1⟩…y⟨t−1⟩), the model reading the start token &lt;eos&gt; first.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class SequenceScorer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LanguageModel<T> _model;
    private readonly int _eosId;

    /// <summary>Creates a scorer.</summary>
    public SequenceScorer(LanguageModel<T> model, int eosId)
    {
        ArgumentNullException.ThrowIfNull(model);
        if ((uint)eosId >= (uint)model.VocabularySize) throw new ArgumentException($"End-of-sequence id {eosId} is outside the vocabulary.", nameof(eosId));
        _model = model;
        _eosId = eosId;
    }

    /// <summary>Per-token log-probabilities of <paramref name="ids"/> followed by &lt;eos&gt; (when <paramref name="includeEos"/>).</summary>
    public IReadOnlyList<TokenScore> Score(IReadOnlyList<int> ids, bool includeEos = true)
    {
        ArgumentNullException.ThrowIfNull(ids);
        int n = ids.Count + (includeEos ? 1 : 0);
        if (n == 0) return [];
        var inputs = new int[n];
        var targets = new int[n];
        inputs[0] = _eosId;
        for (int t = 0; t < ids.Count; t++)
        {
            targets[t] = ids[t];
            if (t + 1 < n) inputs[t + 1] = ids[t];
        }
        if (includeEos) targets[n - 1] = _eosId;
        _model.Forward(n, 1, inputs, default, default, carryState: false, dropoutRng: null);
        var logits = _model.Logits;
        int v = _model.VocabularySize;
        var scores = new TokenScore[n];
        for (int t = 0; t < n; t++)
        {
            var z = logits.Slice(t * v, v);
            double lse = Activations.LogSumExp(z);
            scores[t] = new TokenScore(targets[t], double.CreateChecked(z[targets[t]]) - lse);
        }
        return scores;
    }

    /// <summary>log P of the whole sequence: the sum of <see cref="Score"/>.</summary>
    public double LogProbability(IReadOnlyList<int> ids, bool includeEos = true) => Score(ids, includeEos).Sum(s => s.LogProbability);
}
