namespace Recur.IO;

/// <summary>
/// One sentence of a CoNLL or CoNLL-U file: its words and tags, and the lines it was read from, so that
/// <see cref="ConllWriter"/> can write it back with other tags.
/// </summary>
public sealed class ConllSentence
{
    /// <summary>Creates a sentence.</summary>
    /// <param name="tokens">The words.</param>
    /// <param name="tags">One tag per word, or null when the file has none.</param>
    /// <param name="lines">Every line of the sentence in the file (comments, multiword ranges and empty nodes included, the blank line after it not).</param>
    /// <param name="tokenLines">For each word, the index of its line in <paramref name="lines"/>.</param>
    /// <param name="firstLine">1-based line number of <paramref name="lines"/>[0] in the file.</param>
    /// <exception cref="ArgumentException">The lists do not match.</exception>
    public ConllSentence(IReadOnlyList<string> tokens, IReadOnlyList<string>? tags, IReadOnlyList<string> lines, IReadOnlyList<int> tokenLines, int firstLine)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(tokenLines);
        if (tags is not null && tags.Count != tokens.Count) throw new ArgumentException($"{tags.Count} tags for {tokens.Count} tokens.", nameof(tags));
        if (tokenLines.Count != tokens.Count) throw new ArgumentException($"{tokenLines.Count} line indices for {tokens.Count} tokens.", nameof(tokenLines));
        foreach (int i in tokenLines)
            if ((uint)i >= (uint)lines.Count) throw new ArgumentException($"Line index {i} is outside 0..{lines.Count - 1}.", nameof(tokenLines));
        Tokens = tokens;
        Tags = tags;
        Lines = lines;
        TokenLines = tokenLines;
        FirstLine = firstLine;
    }

    /// <summary>The words, in order.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>One tag per word, or null.</summary>
    public IReadOnlyList<string>? Tags { get; }

    /// <summary>The sentence's lines as read.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>For each word, the index of its line in <see cref="Lines"/>.</summary>
    public IReadOnlyList<int> TokenLines { get; }

    /// <summary>1-based line number of the sentence's first line in its file.</summary>
    public int FirstLine { get; }

    /// <summary>A sentence of bare tokens, written back as <c>token&lt;TAB&gt;tag</c> lines (e.g. from raw text).</summary>
    public static ConllSentence FromTokens(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return new ConllSentence(tokens, null, tokens.ToArray(), Enumerable.Range(0, tokens.Count).ToArray(), 1);
    }
}
