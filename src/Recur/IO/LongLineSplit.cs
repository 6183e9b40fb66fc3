namespace Recur.IO;

/// <summary>How <see cref="Utf8LineReader"/> treats a line longer than its limit.</summary>
internal enum LongLineSplit
{
    /// <summary>It is an error naming the file, the line and the byte where it starts.</summary>
    None,

    /// <summary>It is read in pieces cut between two Unicode scalar values (character-level text).</summary>
    AtScalar,

    /// <summary>It is read in pieces cut after a space or tab (word-level text: no token spans the cut).</summary>
    AtSpace,
}
