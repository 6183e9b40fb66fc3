namespace Recur.IO;

/// <summary>How <see cref="TsvClassificationReader"/> reads a file: separator, header and the two fields it uses.</summary>
public sealed record TsvClassificationOptions
{
    /// <summary>
    /// Field separator: <c>'\t'</c> (TSV, no quoting: every character is literal) or <c>','</c> (CSV with RFC 4180
    /// quoting: a field in double quotes may hold commas, line breaks and doubled quotes). Null (default): comma for a
    /// file whose name ends in <c>.csv</c>, tab otherwise.
    /// </summary>
    public char? Delimiter { get; init; }

    /// <summary>
    /// Whether the first record is a header: true, false, or null (default) to detect it: the first record is a header
    /// when its label field is the label of no other record and either names a column (<c>label</c>, <c>class</c>,
    /// <c>category</c>, <c>target</c>, <c>sentiment</c>, <c>tag</c>, or a text field <c>text</c>,
    /// <c>sentence</c>, <c>review</c>, <c>sequence</c>, …) or is not a number while every other label is.
    /// </summary>
    public bool? Header { get; init; }

    /// <summary>0-based field of the text (default 0).</summary>
    public int TextColumn { get; init; }

    /// <summary>0-based field of the label (default 1).</summary>
    public int LabelColumn { get; init; } = 1;

    /// <summary>True (default) when every record must have a label; false for files to classify, whose records may hold the text alone.</summary>
    public bool RequireLabels { get; init; } = true;

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A column is negative, both are the same, or the delimiter is neither tab nor comma.</exception>
    public void Validate()
    {
        if (TextColumn < 0) throw new ArgumentException($"The text column must be ≥ 0, got {TextColumn}.", nameof(TextColumn));
        if (LabelColumn < 0) throw new ArgumentException($"The label column must be ≥ 0, got {LabelColumn}.", nameof(LabelColumn));
        if (TextColumn == LabelColumn) throw new ArgumentException($"The text and the label cannot both be field {TextColumn}.", nameof(LabelColumn));
        if (Delimiter is char d && d is not ('\t' or ',')) throw new ArgumentException($"The delimiter must be a tab or a comma, got '{d}'.", nameof(Delimiter));
    }

    /// <summary>The delimiter used for <paramref name="path"/>: <see cref="Delimiter"/>, or chosen by the file name.</summary>
    public char DelimiterFor(string path) =>
        Delimiter ?? (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ',' : '\t');
}
