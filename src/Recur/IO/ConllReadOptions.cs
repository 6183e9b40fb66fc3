namespace Recur.IO;

/// <summary>How <see cref="ConllReader"/> reads a file: its format and which field holds the tag.</summary>
public sealed record ConllReadOptions
{
    /// <summary>CoNLL columns (default) or CoNLL-U.</summary>
    public ConllFormat Format { get; init; } = ConllFormat.Columns;

    /// <summary>
    /// For <see cref="ConllFormat.Columns"/>: the 0-based field of the tag, or −1 (default) for the last field of each
    /// line. Ignored for CoNLL-U.
    /// </summary>
    public int TagColumn { get; init; } = -1;

    /// <summary>For CoNLL-U: read XPOS (field 5) instead of UPOS (field 4, default).</summary>
    public bool Xpos { get; init; }

    /// <summary>
    /// True (default) when every word must have a tag: a missing tag field, or <c>_</c> in CoNLL-U, is an error. False
    /// for files to tag, whose lines may hold the token alone; <see cref="ConllSentence.Tags"/> is then null.
    /// </summary>
    public bool RequireTags { get; init; } = true;

    /// <summary>The 0-based field the tag is read from in a CoNLL-U word line: 3 (UPOS) or 4 (XPOS).</summary>
    public int ConllUTagField => Xpos ? 4 : 3;

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">The format is undefined or the tag column is below −1 or is the token's column 0.</exception>
    public void Validate()
    {
        if (Format is not (ConllFormat.Columns or ConllFormat.ConllU)) throw new ArgumentException($"Unknown format {(int)Format}.", nameof(Format));
        if (Format == ConllFormat.Columns && (TagColumn < -1 || TagColumn == 0))
            throw new ArgumentException($"The tag column must be a field after the token's (1 or more, 0-based) or −1 for the last, got {TagColumn}.", nameof(TagColumn));
    }
}
