using System.Globalization;

namespace Recur.Metrics;

/// <summary>A corpus BLEU score and the statistics it is computed from (see <see cref="Bleu"/>).</summary>
/// <param name="Score">BLEU in 0..100.</param>
/// <param name="Precisions">[4] modified n-gram precisions in percent, smoothed as sacreBLEU's <c>exp</c> method where
/// an order has no match.</param>
/// <param name="BrevityPenalty">min(1, exp(1 − r/c)); 0 when the hypotheses are empty.</param>
/// <param name="HypothesisLength">c, the tokens of every hypothesis.</param>
/// <param name="ReferenceLength">r, the tokens of the reference closest in length to each hypothesis, summed.</param>
/// <param name="Matches">[4] clipped n-gram matches, summed over the corpus.</param>
/// <param name="Totals">[4] hypothesis n-grams, summed over the corpus.</param>
public sealed record BleuScore(double Score, IReadOnlyList<double> Precisions, double BrevityPenalty, long HypothesisLength,
    long ReferenceLength, IReadOnlyList<long> Matches, IReadOnlyList<long> Totals)
{
    /// <summary>sacreBLEU's summary line: <c>BLEU = 34.98 80.0/50.0/33.3/25.0 (BP = 0.819 ratio = 0.833 hyp_len = 5 ref_len = 6)</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"BLEU = {Score:F2} {string.Join('/', Precisions.Select(p => p.ToString("F1", CultureInfo.InvariantCulture)))} " +
        $"(BP = {BrevityPenalty:F3} ratio = {(ReferenceLength == 0 ? 0 : (double)HypothesisLength / ReferenceLength):F3} " +
        $"hyp_len = {HypothesisLength} ref_len = {ReferenceLength})");
}
