using System.Numerics;
using Recur.Training;

namespace Recur.Models;

/// <summary>
/// Samples novel sequences from a <see cref="LanguageModel{T}"/> one token at a time: the start token (<c>&lt;eos&gt;</c>),
/// then an optional priming sequence, then draws fed back as inputs until <c>&lt;eos&gt;</c> or a maximum length.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class SequenceGenerator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LanguageModel<T> _model;
    private readonly TokenSampler _sampler;
    private readonly int _eosId;
    private readonly int[] _token = new int[1];

    /// <summary>Creates a generator.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="options">Temperature, top-k, top-p.</param>
    /// <param name="eosId">Id of <c>&lt;eos&gt;</c>, which starts and ends every sequence.</param>
    public SequenceGenerator(LanguageModel<T> model, SamplingOptions options, int eosId)
    {
        ArgumentNullException.ThrowIfNull(model);
        if ((uint)eosId >= (uint)model.VocabularySize) throw new ArgumentException($"End-of-sequence id {eosId} is outside the vocabulary.", nameof(eosId));
        _model = model;
        _sampler = new TokenSampler(options);
        _eosId = eosId;
    }

    /// <summary>Yields the generated ids one by one (the prime is not repeated; <c>&lt;eos&gt;</c> is not yielded).</summary>
    /// <param name="prime">Ids that start the sequence, after the start token.</param>
    /// <param name="maxLength">Most tokens to generate.</param>
    /// <param name="rng">Source of the draws.</param>
    /// <param name="stopAtEos">Stop when <c>&lt;eos&gt;</c> is drawn (default true); otherwise feed it back and go on.</param>
    public IEnumerable<int> Generate(IReadOnlyList<int> prime, int maxLength, Rng rng, bool stopAtEos = true)
    {
        ArgumentNullException.ThrowIfNull(prime);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        ArgumentNullException.ThrowIfNull(rng);
        _model.ResetState(1);
        Feed(_eosId, carry: false);
        foreach (int id in prime) Feed(id, carry: true);
        for (int n = 0; n < maxLength; n++)
        {
            int next = _sampler.Draw(_model.Logits, rng);
            if (next == _eosId && stopAtEos) yield break;
            if (next != _eosId) yield return next;
            Feed(next, carry: true);
        }
    }

    private void Feed(int id, bool carry)
    {
        _token[0] = id;
        _model.Forward(1, 1, _token, default, default, carry, dropoutRng: null);
    }
}
