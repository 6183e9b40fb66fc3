namespace Recur.Text;

/// <summary>The unit a language model predicts.</summary>
public enum TokenLevel
{
    /// <summary>One token per Unicode scalar value (a character outside the BMP is one token).</summary>
    Char,

    /// <summary>Words and punctuation marks, as split by <see cref="Tokenizer.Words"/>.</summary>
    Word,

    /// <summary>
    /// Runs of non-whitespace characters, as split by <see cref="Tokenizer.WhitespaceTokens"/>: for pre-tokenised text
    /// such as Mikolov's Penn Treebank files, whose tokens ("n't", "'s", "s&amp;p") must stay as they are.
    /// </summary>
    Whitespace,
}
