namespace Recur.Metrics;

/// <summary>
/// The share of hypotheses equal to their reference, character for character (ordinal comparison, after trimming
/// leading and trailing whitespace from both).
/// </summary>
public static class ExactMatch
{
    /// <summary>Fraction of exact matches in 0..1; 0 for empty lists.</summary>
    /// <param name="hypotheses">System outputs.</param>
    /// <param name="references">One reference per hypothesis.</param>
    /// <exception cref="ArgumentException">The lists differ in length or hold a null.</exception>
    public static double Compute(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references)
    {
        int matches = Count(hypotheses, references);
        return hypotheses.Count == 0 ? 0 : (double)matches / hypotheses.Count;
    }

    /// <summary>Number of exact matches.</summary>
    /// <param name="hypotheses">System outputs.</param>
    /// <param name="references">One reference per hypothesis.</param>
    /// <exception cref="ArgumentException">The lists differ in length or hold a null.</exception>
    public static int Count(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(references);
        if (hypotheses.Count != references.Count)
            throw new ArgumentException($"{hypotheses.Count} hypotheses for {references.Count} references.", nameof(references));
        int matches = 0;
        for (int i = 0; i < hypotheses.Count; i++)
        {
            if (hypotheses[i] is null) throw new ArgumentException($"Hypothesis {i} is null.", nameof(hypotheses));
            if (references[i] is null) throw new ArgumentException($"Reference {i} is null.", nameof(references));
            if (hypotheses[i].AsSpan().Trim().SequenceEqual(references[i].AsSpan().Trim())) matches++;
        }
        return matches;
    }
}
