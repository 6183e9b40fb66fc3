using System.Buffers;
using System.Runtime.InteropServices;

namespace Recur.Text;

/// <summary>
/// Counts tokens line by line and then builds a <see cref="Vocabulary"/> of the most frequent ones. Only the distinct
/// tokens and their counts are held, never the text.
/// </summary>
public sealed class VocabularyBuilder
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private long _unkLiteral;
    private long _eosLiteral;

    /// <summary>Creates an empty builder.</summary>
    /// <param name="level">How lines are split.</param>
    /// <param name="lowerCase">Lower-case lines (invariant culture) before splitting.</param>
    /// <exception cref="ArgumentException"><paramref name="level"/> is not a defined value.</exception>
    public VocabularyBuilder(TokenLevel level, bool lowerCase = false)
    {
        Tokenizer.CheckLevel(level, nameof(level));
        Level = level;
        LowerCase = lowerCase;
        _lookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>How lines are split.</summary>
    public TokenLevel Level { get; }

    /// <summary>Whether lines are lower-cased before splitting.</summary>
    public bool LowerCase { get; }

    /// <summary>Lines added so far (blank ones included: each ends in <see cref="Vocabulary.Eos"/> in a token stream).</summary>
    public long LineCount { get; private set; }

    /// <summary>Tokens counted so far, literal specials included, line ends not.</summary>
    public long TokenCount { get; private set; }

    /// <summary>Distinct tokens seen so far, the specials not included.</summary>
    public int DistinctCount => _counts.Count;

    /// <summary>Counts the tokens of one line. A literal <c>&lt;unk&gt;</c> or <c>&lt;eos&gt;</c> counts as the special.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="line"/> is null.</exception>
    public void Add(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        char[]? rented = null;
        ReadOnlySpan<char> text = line;
        if (LowerCase && line.Length > 0)
        {
            rented = ArrayPool<char>.Shared.Rent(line.Length);
            text = rented.AsSpan(0, line.AsSpan().ToLowerInvariant(rented));
        }

        try
        {
            var cursor = new TokenCursor(text, Level);
            while (cursor.MoveNext())
            {
                var token = cursor.Current;
                TokenCount++;
                if (token.SequenceEqual(Vocabulary.Unk)) _unkLiteral++;
                else if (token.SequenceEqual(Vocabulary.Eos)) _eosLiteral++;
                else CollectionsMarshal.GetValueRefOrAddDefault(_lookup, token, out _)++;
            }
        }
        finally
        {
            if (rented != null) ArrayPool<char>.Shared.Return(rented);
        }

        LineCount++;
    }

    /// <summary>
    /// Builds the vocabulary: the two specials, then the tokens seen at least <paramref name="minCount"/> times, most
    /// frequent first with ties in ordinal order of the token, up to <paramref name="maxSize"/> in all. The counts of the
    /// tokens left out are added to <see cref="Vocabulary.Unk"/>'s. The builder can go on counting afterwards.
    /// </summary>
    /// <param name="maxSize">Largest vocabulary size, specials included (≥ 2); <see cref="int.MaxValue"/> for no limit.</param>
    /// <param name="minCount">Fewest occurrences for a token to be kept (≥ 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSize"/> &lt; 2 or <paramref name="minCount"/> &lt; 1.</exception>
    public Vocabulary Build(int maxSize = 10000, int minCount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(minCount, 1);
        var ranked = new KeyValuePair<string, long>[_counts.Count];
        int n = 0;
        long dropped = 0;
        foreach (var kv in _counts)
        {
            if (kv.Value >= minCount) ranked[n++] = kv;
            else dropped += kv.Value;
        }

        Array.Sort(ranked, 0, n, Comparer<KeyValuePair<string, long>>.Create(static (a, b) =>
        {
            int c = b.Value.CompareTo(a.Value);
            return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
        }));

        int keep = (int)Math.Min(n, (long)maxSize - 2);
        for (int i = keep; i < n; i++) dropped += ranked[i].Value;

        var tokens = new string[keep + 2];
        var counts = new long[keep + 2];
        tokens[Vocabulary.UnkId] = Vocabulary.Unk;
        counts[Vocabulary.UnkId] = _unkLiteral + dropped;
        tokens[Vocabulary.EosId] = Vocabulary.Eos;
        counts[Vocabulary.EosId] = _eosLiteral + LineCount;
        for (int i = 0; i < keep; i++)
        {
            tokens[i + 2] = ranked[i].Key;
            counts[i + 2] = ranked[i].Value;
        }

        return new Vocabulary(Level, LowerCase, tokens, counts);
    }
}
