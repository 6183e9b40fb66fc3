using Recur.Metrics;

namespace Recur.Models;

/// <summary>How well an encoder–decoder's outputs match their references on a set of pairs.</summary>
/// <param name="Bleu">Corpus BLEU, sacreBLEU's default definition (<see cref="Metrics.Bleu"/>).</param>
/// <param name="ExactMatch">Share of outputs equal to their reference, 0..1 (<see cref="Metrics.ExactMatch"/>).</param>
/// <param name="Hypotheses">The outputs, in the order of the pairs.</param>
public sealed record Seq2SeqScores(BleuScore Bleu, double ExactMatch, IReadOnlyList<string> Hypotheses)
{
    /// <summary>Number of pairs scored.</summary>
    public int Count => Hypotheses.Count;
}
