using Recur.Models;
using Recur.Training;

namespace Recur.Diagnostics;

/// <summary>
/// A synthetic sequence-classification task whose answer depends only on the first token, separated from the last
/// (the query <c>?</c>, where a many-to-one model reads out) by <see cref="Gap"/> tokens that carry no information
/// about it: a model must carry the first token across gap + 1 recurrent steps. Examples are drawn on the fly from a
/// seeded generator, so a training run never sees the same example twice.
/// </summary>
public sealed class LongRangeTask
{
    private static readonly string[] s_copyKeys = ["A", "B", "C", "D", "E", "F", "G", "H"];
    private static readonly string[] s_copyFiller = ["a", "b", "c", "d", "e", "f"];
    private static readonly string[] s_singular = ["cat", "dog", "key", "boy", "car", "tree"];
    private static readonly string[] s_plural = ["cats", "dogs", "keys", "boys", "cars", "trees"];
    private static readonly string[] s_fillerWords = ["the", "near", "old", "big", "red", "with", "on", "of", "very", "and"];

    /// <summary>The share of agreement filler words that are attractor nouns.</summary>
    public const double AttractorShare = 0.25;

    /// <summary>The query token that ends every sequence.</summary>
    public const string Query = "?";

    private readonly string[] _tokens;
    private readonly int[] _keys, _filler;
    private readonly int _query;

    /// <summary>Creates the task.</summary>
    /// <param name="kind">Which task.</param>
    /// <param name="gap">Tokens between the key and the query, ≥ 0.</param>
    /// <exception cref="ArgumentException">A bad kind or a negative gap.</exception>
    public LongRangeTask(LongRangeTaskKind kind, int gap)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gap);
        Kind = kind;
        Gap = gap;
        // Ids 0 and 1 are <unk> and <eos> as in every Recur vocabulary (<eos> pads a batch).
        var tokens = new List<string> { Text.Vocabulary.Unk, Text.Vocabulary.Eos };
        int Add(string token) { tokens.Add(token); return tokens.Count - 1; }
        switch (kind)
        {
            case LongRangeTaskKind.Copy:
                _keys = s_copyKeys.Select(Add).ToArray();
                _filler = s_copyFiller.Select(Add).ToArray();
                ClassNames = s_copyKeys;
                break;
            case LongRangeTaskKind.Agreement:
                var singular = s_singular.Select(Add).ToArray();
                var plural = s_plural.Select(Add).ToArray();
                // Keys: singular nouns then plural nouns; the class is the number.
                _keys = [.. singular, .. plural];
                _filler = s_fillerWords.Select(Add).ToArray();
                ClassNames = ["was", "were"];
                break;
            default:
                throw new ArgumentException($"Unknown task {(int)kind}.", nameof(kind));
        }
        _query = Add(Query);
        _tokens = tokens.ToArray();
    }

    /// <summary>Which task.</summary>
    public LongRangeTaskKind Kind { get; }

    /// <summary>Tokens between the key (position 0) and the query (position gap + 1).</summary>
    public int Gap { get; }

    /// <summary>Tokens per sequence: gap + 2.</summary>
    public int Length => Gap + 2;

    /// <summary>The token strings by id (ids 0 and 1 are &lt;unk&gt; and &lt;eos&gt;, never generated).</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The class names by id.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Accuracy of guessing the commonest class: 1/8 for copy, 1/2 for agreement.</summary>
    public double Chance => 1.0 / ClassNames.Count;

    /// <summary>The class a key token stands for, or −1 for a token that is not a key.</summary>
    public int ClassOf(int token)
    {
        int i = Array.IndexOf(_keys, token);
        if (i < 0) return -1;
        return Kind == LongRangeTaskKind.Copy ? i : i / s_singular.Length;
    }

    /// <summary>Draws one example: key, <see cref="Gap"/> fillers, query; its label is <see cref="ClassOf"/> the key.</summary>
    public ClassificationExample Next(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var tokens = new int[Length];
        tokens[0] = _keys[rng.NextInt(_keys.Length)];
        for (int i = 1; i <= Gap; i++)
        {
            // Agreement fillers include attractor nouns of either number, so the last noun seen says nothing.
            bool attractor = Kind == LongRangeTaskKind.Agreement && rng.NextDouble() < AttractorShare;
            tokens[i] = attractor ? _keys[rng.NextInt(_keys.Length)] : _filler[rng.NextInt(_filler.Length)];
        }
        tokens[^1] = _query;
        return new ClassificationExample(tokens, ClassOf(tokens[0]));
    }

    /// <summary>Draws <paramref name="count"/> examples.</summary>
    public ClassificationExample[] Generate(int count, Rng rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var examples = new ClassificationExample[count];
        for (int i = 0; i < count; i++) examples[i] = Next(rng);
        return examples;
    }

    /// <summary>An example as text, e.g. <c>C a f b ? → C</c>.</summary>
    public string Describe(ClassificationExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        return string.Join(' ', example.Tokens.Select(t => _tokens[t])) + " → " + ClassNames[example.Label];
    }

    /// <summary>Parses <c>copy</c> or <c>agreement</c>.</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static LongRangeTaskKind ParseKind(string name) => name.ToLowerInvariant() switch
    {
        "copy" => LongRangeTaskKind.Copy,
        "agreement" => LongRangeTaskKind.Agreement,
        _ => throw new ArgumentException($"Unknown task '{name}'. Expected copy or agreement.", nameof(name)),
    };
}
