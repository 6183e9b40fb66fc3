namespace Recur.Text;

/// <summary>
/// Splits a line into tokens.
/// <para>
/// Characters: one token per Unicode scalar value, so a character outside the BMP (an emoji, say) is one token and
/// a surrogate pair is never split; a lone surrogate becomes U+FFFD. Spaces are tokens too.
/// </para>
/// <para>
/// Words: whitespace separates tokens and is dropped. A word is a run of letters, digits and combining marks;
/// every other character (punctuation, symbols, emoji) is a token by itself, with any combining marks that follow
/// it. An apostrophe (' or ’) between two letters stays inside the word, so "don't" and "o'clock" are one token,
/// while a leading or trailing one is split off ("'s" gives ' s; "dogs'" gives dogs '). The literal special
/// tokens <c>&lt;unk&gt;</c> and <c>&lt;eos&gt;</c> (as in the Penn Treebank files) stay single tokens.
/// </para>
/// <para>
/// Whitespace: for pre-tokenised text, every maximal run of non-whitespace characters is one token, punctuation and
/// all ("n't", "$", "&lt;unk&gt;"). A token holding a lone surrogate becomes U+FFFD as a whole.
/// </para>
/// Lower-casing, where asked for, uses the invariant culture and is applied before splitting.
/// </summary>
public static class Tokenizer
{
    /// <summary>The characters (Unicode scalar values) of <paramref name="line"/>, each as a string.</summary>
    /// <param name="line">The text; line breaks, if any, are ordinary characters.</param>
    /// <param name="lowerCase">Lower-case first (invariant culture).</param>
    /// <exception cref="ArgumentNullException"><paramref name="line"/> is null.</exception>
    public static IReadOnlyList<string> Chars(string line, bool lowerCase = false) => Split(line, TokenLevel.Char, lowerCase);

    /// <summary>The words and punctuation tokens of <paramref name="line"/> ("Hello, world!" gives Hello , world !).</summary>
    /// <param name="line">The text.</param>
    /// <param name="lowerCase">Lower-case first (invariant culture).</param>
    /// <exception cref="ArgumentNullException"><paramref name="line"/> is null.</exception>
    public static IReadOnlyList<string> Words(string line, bool lowerCase) => Split(line, TokenLevel.Word, lowerCase);

    /// <summary>The whitespace-separated tokens of <paramref name="line"/> ("Hello, world!" gives Hello, world!).</summary>
    /// <param name="line">Pre-tokenised text.</param>
    /// <param name="lowerCase">Lower-case first (invariant culture).</param>
    /// <exception cref="ArgumentNullException"><paramref name="line"/> is null.</exception>
    public static IReadOnlyList<string> WhitespaceTokens(string line, bool lowerCase) => Split(line, TokenLevel.Whitespace, lowerCase);

    /// <summary>The tokens of <paramref name="line"/> at <paramref name="level"/>.</summary>
    /// <param name="line">The text.</param>
    /// <param name="level">Characters, words or whitespace-separated tokens.</param>
    /// <param name="lowerCase">Lower-case first (invariant culture).</param>
    /// <exception cref="ArgumentNullException"><paramref name="line"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="level"/> is not a defined value.</exception>
    public static IReadOnlyList<string> Split(string line, TokenLevel level, bool lowerCase)
    {
        ArgumentNullException.ThrowIfNull(line);
        CheckLevel(level, nameof(level));
        string text = lowerCase ? line.ToLowerInvariant() : line;
        var tokens = new List<string>();
        var cursor = new TokenCursor(text, level);
        while (cursor.MoveNext()) tokens.Add(cursor.Current.ToString());
        return tokens;
    }

    internal static void CheckLevel(TokenLevel level, string paramName)
    {
        if (level is not (TokenLevel.Char or TokenLevel.Word or TokenLevel.Whitespace))
            throw new ArgumentException($"Unknown token level {(int)level}.", paramName);
    }
}
