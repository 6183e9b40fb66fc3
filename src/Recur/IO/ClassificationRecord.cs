namespace Recur.IO;

/// <summary>One example of a classification file.</summary>
/// <param name="Text">The text field, surrounding whitespace removed.</param>
/// <param name="Label">The label field, surrounding whitespace removed; null when the file is read without labels.</param>
/// <param name="Line">1-based line number where the record starts.</param>
public sealed record ClassificationRecord(string Text, string? Label, int Line);
