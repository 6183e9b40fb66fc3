namespace Recur.IO;

/// <summary>The layout of a token-per-line file read by <see cref="ConllReader"/>.</summary>
public enum ConllFormat
{
    /// <summary>
    /// CoNLL columns (CoNLL-2000/2003, WNUT): one token per line, its fields separated by tabs (or, in a line without
    /// tabs, by spaces), the token in the first field; a blank line between sentences; <c>-DOCSTART-</c> lines skipped.
    /// </summary>
    Columns,

    /// <summary>
    /// CoNLL-U (Universal Dependencies): ten tab-separated fields per word line, <c>#</c> comment lines, multiword
    /// token ranges (<c>1-2</c>) and empty nodes (<c>1.1</c>) kept in the file but not read as words.
    /// </summary>
    ConllU,
}
