using Recur.Training;

namespace Recur.Text;

/// <summary>Holds out part of a corpus for validation.</summary>
public static class CorpusSplit
{
    /// <summary>
    /// Splits line examples: after a shuffle with <paramref name="rng"/>, the last ⌈f·N⌉ go to validation. Each part
    /// keeps the file order of its examples; the arrays themselves are shared, not copied.
    /// </summary>
    /// <param name="examples">The examples.</param>
    /// <param name="fraction">f, the share held out, in (0, 1).</param>
    /// <param name="rng">The generator that picks the held-out examples.</param>
    /// <exception cref="ArgumentException">f is outside (0, 1), or a part would be empty.</exception>
    public static (int[][] Train, int[][] Valid) SplitLines(IReadOnlyList<int[]> examples, double fraction, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(rng);
        int valid = HeldOut(examples.Count, fraction, nameof(examples));
        var order = new int[examples.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        int train = order.Length - valid;
        Array.Sort(order, 0, train);
        Array.Sort(order, train, valid);
        var trainPart = new int[train][];
        var validPart = new int[valid][];
        for (int i = 0; i < train; i++) trainPart[i] = examples[order[i]];
        for (int i = 0; i < valid; i++) validPart[i] = examples[order[train + i]];
        return (trainPart, validPart);
    }

    /// <summary>Splits a token stream: the last ⌈f·N⌉ tokens go to validation. Both parts are views of <paramref name="tokens"/>.</summary>
    /// <param name="tokens">The stream.</param>
    /// <param name="fraction">f, the share held out, in (0, 1).</param>
    /// <exception cref="ArgumentException">f is outside (0, 1), or a part would be empty.</exception>
    public static (ReadOnlyMemory<int> Train, ReadOnlyMemory<int> Valid) SplitStream(ReadOnlyMemory<int> tokens, double fraction)
    {
        int valid = HeldOut(tokens.Length, fraction, nameof(tokens));
        int train = tokens.Length - valid;
        return (tokens[..train], tokens[train..]);
    }

    private static int HeldOut(int n, double fraction, string paramName)
    {
        if (!(fraction > 0 && fraction < 1))
            throw new ArgumentException($"The held-out fraction must be in (0, 1), not {fraction}.", nameof(fraction));
        // decimal keeps f·N exact for fractions written in decimal (0.7·10 is 7, not 7.000000000000001).
        int valid = Math.Max(1, (int)Math.Ceiling((decimal)fraction * n));
        if (valid >= n)
            throw new ArgumentException($"Holding out {fraction} of {n} items leaves nothing to train on.", paramName);
        return valid;
    }
}
