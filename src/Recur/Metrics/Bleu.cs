namespace Recur.Metrics;

/// <summary>
/// Corpus BLEU as sacreBLEU computes it by default (BLEU with <c>nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp</c>):
/// <list type="bullet">
/// <item>every hypothesis and reference is tokenised with <see cref="BleuTokenizer"/> (13a), case kept unless asked;</item>
/// <item>for n = 1..4, clipped matches (each hypothesis n-gram counts at most as often as in the reference that has it
/// most often) and hypothesis n-grams are summed over the whole corpus, not averaged per sentence;</item>
/// <item>p_n = 100·matches_n/total_n; an order with no match at all gets sacreBLEU's <c>exp</c> smoothing, p_n =
/// 100/(2^k·total_n) for the k-th such order; an order with no hypothesis n-gram (every hypothesis shorter than n)
/// makes the score 0;</item>
/// <item>BP = 1 if c ≥ r, else exp(1 − r/c) (0 for c = 0), where c is the hypothesis tokens and r the summed length of
/// the reference closest in length to each hypothesis (the shorter one on a tie);</item>
/// <item>BLEU = BP·exp(¼·Σ_n ln p_n), and 0 when no unigram matches.</item>
/// </list>
/// </summary>
public static class Bleu
{
    /// <summary>The n-gram orders, 1..MaxOrder.</summary>
    public const int MaxOrder = 4;

    /// <summary>Corpus BLEU of hypotheses against one reference each.</summary>
    /// <param name="hypotheses">System outputs, one per segment (detokenised text).</param>
    /// <param name="references">The reference of each segment.</param>
    /// <param name="lowerCase">Lower-case both sides first (invariant culture).</param>
    /// <param name="tokenize">Tokenise with 13a (default); false splits on whitespace only (sacreBLEU's <c>none</c>).</param>
    /// <exception cref="ArgumentException">The lists differ in length or hold a null.</exception>
    public static BleuScore Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references, bool lowerCase = false, bool tokenize = true)
    {
        ArgumentNullException.ThrowIfNull(references);
        return Corpus(hypotheses, references.Select(r => (IReadOnlyList<string>)[r]).ToArray(), lowerCase, tokenize);
    }

    /// <summary>Corpus BLEU of hypotheses against one or more references each.</summary>
    /// <param name="hypotheses">System outputs, one per segment.</param>
    /// <param name="references">Per segment, its references (at least one).</param>
    /// <param name="lowerCase">Lower-case both sides first (invariant culture).</param>
    /// <param name="tokenize">Tokenise with 13a (default); false splits on whitespace only.</param>
    /// <exception cref="ArgumentException">The lists differ in length, a segment has no reference, or a string is null.</exception>
    public static BleuScore Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references, bool lowerCase = false,
        bool tokenize = true)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(references);
        if (hypotheses.Count != references.Count)
            throw new ArgumentException($"{hypotheses.Count} hypotheses for {references.Count} references.", nameof(references));
        var matches = new long[MaxOrder];
        var totals = new long[MaxOrder];
        long hypLength = 0, refLength = 0;
        for (int s = 0; s < hypotheses.Count; s++)
        {
            if (hypotheses[s] is null) throw new ArgumentException($"Hypothesis {s} is null.", nameof(hypotheses));
            if (references[s] is not { Count: > 0 } refs) throw new ArgumentException($"Segment {s} has no reference.", nameof(references));
            var hyp = Tokens(hypotheses[s], lowerCase, tokenize);
            var maxRef = new Dictionary<(int N, string Gram), int>();
            int closest = -1;
            foreach (string? reference in refs)
            {
                if (reference is null) throw new ArgumentException($"A reference of segment {s} is null.", nameof(references));
                var tokens = Tokens(reference, lowerCase, tokenize);
                int diff = Math.Abs(hyp.Length - tokens.Length);
                if (closest < 0 || diff < Math.Abs(hyp.Length - closest) || (diff == Math.Abs(hyp.Length - closest) && tokens.Length < closest))
                    closest = tokens.Length;
                foreach (var (gram, count) in NGrams(tokens))
                    if (!maxRef.TryGetValue(gram, out int c) || count > c) maxRef[gram] = count;
            }
            hypLength += hyp.Length;
            refLength += closest;
            foreach (var (gram, count) in NGrams(hyp))
            {
                totals[gram.N - 1] += count;
                if (maxRef.TryGetValue(gram, out int r)) matches[gram.N - 1] += Math.Min(count, r);
            }
        }
        return Compute(matches, totals, hypLength, refLength);
    }

    /// <summary>BLEU from corpus statistics, as sacreBLEU's <c>compute_bleu</c> with <c>exp</c> smoothing.</summary>
    /// <param name="matches">[4] clipped matches per order.</param>
    /// <param name="totals">[4] hypothesis n-grams per order.</param>
    /// <param name="hypothesisLength">c.</param>
    /// <param name="referenceLength">r.</param>
    /// <exception cref="ArgumentException">The arrays are not of length 4, or a count is negative.</exception>
    public static BleuScore Compute(IReadOnlyList<long> matches, IReadOnlyList<long> totals, long hypothesisLength, long referenceLength)
    {
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentNullException.ThrowIfNull(totals);
        if (matches.Count != MaxOrder || totals.Count != MaxOrder) throw new ArgumentException($"Expected {MaxOrder} counts per list.", nameof(matches));
        if (hypothesisLength < 0 || referenceLength < 0 || matches.Any(m => m < 0) || totals.Any(t => t < 0))
            throw new ArgumentException("Counts must not be negative.", nameof(matches));
        // BP = exp(1 − r/c) for c < r.
        double bp = hypothesisLength < referenceLength ? (hypothesisLength > 0 ? Math.Exp(1 - (double)referenceLength / hypothesisLength) : 0) : 1;
        var precisions = new double[MaxOrder];
        var m = matches.ToArray();
        var t = totals.ToArray();
        if (m.All(x => x == 0)) return new BleuScore(0, precisions, bp, hypothesisLength, referenceLength, m, t);
        double smooth = 1;
        for (int n = 0; n < MaxOrder; n++)
        {
            // sacreBLEU stops at the first order without hypothesis n-grams; the orders left at 0 make the score 0.
            if (t[n] == 0) break;
            if (m[n] == 0)
            {
                smooth *= 2;
                precisions[n] = 100.0 / (smooth * t[n]);
            }
            else precisions[n] = 100.0 * m[n] / t[n];
        }
        double logSum = 0;
        foreach (double p in precisions) logSum += p == 0 ? double.NegativeInfinity : Math.Log(p);
        double score = bp * Math.Exp(logSum / MaxOrder);
        return new BleuScore(score, precisions, bp, hypothesisLength, referenceLength, m, t);
    }

    private static string[] Tokens(string text, bool lowerCase, bool tokenize)
    {
        // sacreBLEU strips trailing whitespace, lower-cases if asked, then tokenises and splits on whitespace.
        string s = text.TrimEnd();
        if (lowerCase) s = s.ToLowerInvariant();
        return BleuTokenizer.Split(tokenize ? BleuTokenizer.Tokenize(s) : s);
    }

    // n-grams of orders 1..4, each keyed by its order and its tokens written length-prefixed ("3:the3:cat"), which no
    // two different token sequences share.
    private static Dictionary<(int N, string Gram), int> NGrams(string[] tokens)
    {
        var counts = new Dictionary<(int N, string Gram), int>();
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < tokens.Length; i++)
        {
            sb.Clear();
            for (int n = 1; n <= MaxOrder && i + n <= tokens.Length; n++)
            {
                string token = tokens[i + n - 1];
                sb.Append(token.Length).Append(':').Append(token);
                var key = (n, sb.ToString());
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }
        return counts;
    }
}
