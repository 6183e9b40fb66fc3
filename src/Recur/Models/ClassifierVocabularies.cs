using Recur.Text;

namespace Recur.Models;

/// <summary>What a classifier reads and predicts as ids: its tokens (characters, words or whitespace-separated) and classes.</summary>
public sealed class ClassifierVocabularies
{
    /// <summary>Creates the set.</summary>
    public ClassifierVocabularies(Vocabulary tokens, LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(labels);
        Tokens = tokens;
        Labels = labels;
    }

    /// <summary>Token vocabulary; its level says how texts are split.</summary>
    public Vocabulary Tokens { get; }

    /// <summary>Class names.</summary>
    public LabelSet Labels { get; }

    /// <summary>Builds the vocabularies of a training set: tokens seen at least <paramref name="minCount"/> times (at most <paramref name="maxTokens"/>), every label.</summary>
    /// <param name="examples">Text and label of each training example.</param>
    /// <param name="level">How texts are split.</param>
    /// <param name="lowerCase">Lower-case texts first.</param>
    /// <param name="maxTokens">Largest vocabulary, &lt;unk&gt; and &lt;eos&gt; included.</param>
    /// <param name="minCount">Fewest occurrences for a token to be kept.</param>
    /// <exception cref="ArgumentException">No examples, or fewer than two labels.</exception>
    public static ClassifierVocabularies Build(IEnumerable<(string Text, string Label)> examples, TokenLevel level, bool lowerCase,
        int maxTokens = int.MaxValue, int minCount = 1)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var tokens = new VocabularyBuilder(level, lowerCase);
        var labels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (text, label) in examples)
        {
            tokens.Add(text);
            labels.Add(label);
        }
        if (labels.Count < 2) throw new ArgumentException($"A classifier needs at least two labels in its training data, found {labels.Count}.", nameof(examples));
        return new ClassifierVocabularies(tokens.Build(maxTokens, minCount), LabelSet.FromLabels(labels));
    }

    /// <summary>Encodes a text; a label not in <see cref="Labels"/> (or none) becomes <see cref="ClassificationBatch.IgnoreLabel"/>.</summary>
    public ClassificationExample Encode(string text, string? label)
    {
        ArgumentNullException.ThrowIfNull(text);
        int id = label is null ? -1 : Labels.Id(label);
        return new ClassificationExample(Tokens.Encode(text), id < 0 ? ClassificationBatch.IgnoreLabel : id);
    }
}
