using Recur.Text;

namespace Recur.Models;

/// <summary>
/// What a tagger reads and writes as ids: its words, characters (optional) and tags; and how a sentence becomes a
/// <see cref="TaggingExample"/>.
/// </summary>
public sealed class TaggerVocabularies
{
    /// <summary>Creates the set.</summary>
    /// <param name="words">Word vocabulary (whitespace level; lower-cased or not).</param>
    /// <param name="chars">Character vocabulary, or null for no character features.</param>
    /// <param name="tags">The tags.</param>
    /// <exception cref="ArgumentException">The character vocabulary is not at character level.</exception>
    public TaggerVocabularies(Vocabulary words, Vocabulary? chars, LabelSet tags)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(tags);
        if (chars is not null && chars.Level != TokenLevel.Char)
            throw new ArgumentException($"The character vocabulary is at {chars.Level} level.", nameof(chars));
        Words = words;
        Chars = chars;
        Tags = tags;
    }

    /// <summary>Word vocabulary.</summary>
    public Vocabulary Words { get; }

    /// <summary>Character vocabulary, or null.</summary>
    public Vocabulary? Chars { get; }

    /// <summary>Tags.</summary>
    public LabelSet Tags { get; }

    /// <summary>
    /// Builds the vocabularies of a training set: words seen at least <paramref name="minCount"/> times (most frequent
    /// first, at most <paramref name="maxWords"/> with &lt;unk&gt; and &lt;eos&gt;), every character, every tag.
    /// </summary>
    /// <param name="sentences">Tokens and tags of each training sentence.</param>
    /// <param name="lowerCase">Lower-case words (characters keep their case).</param>
    /// <param name="characters">Build a character vocabulary.</param>
    /// <param name="maxWords">Largest word vocabulary.</param>
    /// <param name="minCount">Fewest occurrences for a word to be kept.</param>
    /// <exception cref="ArgumentException">No sentences, or one without tags.</exception>
    public static TaggerVocabularies Build(IEnumerable<(IReadOnlyList<string> Tokens, IReadOnlyList<string> Tags)> sentences,
        bool lowerCase, bool characters, int maxWords = int.MaxValue, int minCount = 1)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var words = new VocabularyBuilder(TokenLevel.Whitespace, lowerCase);
        var chars = characters ? new VocabularyBuilder(TokenLevel.Char) : null;
        var tags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (tokens, sentenceTags) in sentences)
        {
            if (sentenceTags is null) throw new ArgumentException("A training sentence has no tags.", nameof(sentences));
            foreach (string token in tokens)
            {
                words.Add(token);
                chars?.Add(token);
            }
            tags.UnionWith(sentenceTags);
        }
        if (tags.Count == 0) throw new ArgumentException("There are no training sentences.", nameof(sentences));
        return new TaggerVocabularies(words.Build(maxWords, minCount), chars?.Build(int.MaxValue), LabelSet.FromLabels(tags));
    }

    /// <summary>The word id of a token (lower-cased first when the vocabulary is), or &lt;unk&gt;'s.</summary>
    public int WordId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Words.Id(Words.LowerCase ? token.ToLowerInvariant() : token);
    }

    /// <summary>
    /// Encodes a sentence. Characters: at most <paramref name="maxWordChars"/> per token, the first ⌈n/2⌉ and the last
    /// ⌊n/2⌋ of a longer one. A tag not in <see cref="Tags"/> becomes <see cref="TaggingBatch.IgnoreTag"/>.
    /// </summary>
    /// <param name="tokens">The tokens, at least one.</param>
    /// <param name="tags">Their tags, or null.</param>
    /// <param name="maxWordChars">The most characters per token.</param>
    /// <exception cref="ArgumentException">No tokens, or the counts differ.</exception>
    public TaggingExample Encode(IReadOnlyList<string> tokens, IReadOnlyList<string>? tags, int maxWordChars)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count == 0) throw new ArgumentException("A sentence needs at least one token.", nameof(tokens));
        if (tags is not null && tags.Count != tokens.Count) throw new ArgumentException($"{tags.Count} tags for {tokens.Count} tokens.", nameof(tags));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxWordChars);
        var words = new int[tokens.Count];
        int[][]? chars = Chars is null ? null : new int[tokens.Count][];
        int[]? tagIds = tags is null ? null : new int[tokens.Count];
        for (int i = 0; i < tokens.Count; i++)
        {
            words[i] = WordId(tokens[i]);
            if (chars is not null)
            {
                int[] all = Chars!.Encode(tokens[i]);
                if (all.Length == 0) all = [Vocabulary.UnkId];
                if (all.Length > maxWordChars)
                {
                    int head = (maxWordChars + 1) / 2, tail = maxWordChars - head;
                    all = [.. all.AsSpan(0, head), .. all.AsSpan(all.Length - tail, tail)];
                }
                chars[i] = all;
            }
            if (tagIds is not null)
            {
                int id = Tags.Id(tags![i]);
                tagIds[i] = id < 0 ? TaggingBatch.IgnoreTag : id;
            }
        }
        return new TaggingExample(words, chars, tagIds);
    }
}
