using Recur.IO;

namespace Recur.Text;

/// <summary>
/// Reads a text corpus from disk line by line: strict UTF-8 (a byte-order mark is stripped), lines ending in LF, CRLF or
/// CR. Invalid UTF-8, a NUL byte or a line longer than 1 MiB is an <see cref="InvalidDataException"/> naming the file,
/// the line and the byte offset; a stream (<see cref="ReadStream"/>) reads longer lines in pieces cut between tokens.
/// Memory is bounded by the token ids produced, not by the text.
/// </summary>
public static class CorpusReader
{
    private const int ChunkLength = 1 << 20;

    /// <summary>
    /// The lines of the file at <paramref name="path"/>, without their line breaks. The file is opened when the
    /// enumeration starts (so a missing file throws <see cref="FileNotFoundException"/> then) and closed when it ends.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist (when enumerated).</exception>
    /// <exception cref="IOException">The path is a directory (when enumerated).</exception>
    /// <exception cref="InvalidDataException">
    /// Invalid UTF-8, a NUL byte, UTF-16 or a line longer than 1 MiB: "<c>file:line: what at byte N</c>" (when enumerated).
    /// </exception>
    public static IEnumerable<string> Lines(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Enumerate(path);
    }

    /// <summary>Counts the tokens of the file and builds a vocabulary from them (see <see cref="VocabularyBuilder.Build"/>).</summary>
    /// <param name="path">The corpus file.</param>
    /// <param name="level">Characters, words or whitespace-separated tokens.</param>
    /// <param name="maxSize">Largest vocabulary size, specials included; <see cref="int.MaxValue"/> for no limit.</param>
    /// <param name="lowerCase">Lower-case the text (invariant culture).</param>
    /// <param name="minCount">Fewest occurrences for a token to be kept.</param>
    /// <param name="longLines">Read lines longer than 1 MiB in pieces cut between tokens (for a stream, as
    /// <see cref="ReadStream"/>) instead of rejecting them.</param>
    /// <exception cref="ArgumentException">A bad path, level, size or count.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not UTF-8 text (see <see cref="Lines"/>) or holds no tokens.</exception>
    public static Vocabulary BuildVocabulary(string path, TokenLevel level, int maxSize, bool lowerCase, int minCount = 1, bool longLines = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(minCount, 1);
        Tokenizer.CheckLevel(level, nameof(level));
        var builder = new VocabularyBuilder(level, lowerCase);
        foreach (var (piece, _) in Pieces(path, longLines ? SplitFor(level) : LongLineSplit.None)) builder.Add(piece);
        if (builder.TokenCount == 0) throw Empty(path);
        return builder.Build(maxSize, minCount);
    }

    /// <summary>
    /// One example per line that has at least one token, in file order, as ids; no <see cref="Vocabulary.Eos"/> is
    /// appended (<see cref="LineBatcher"/> adds it as start and end token).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="vocabulary"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file holds no tokens.</exception>
    public static int[][] ReadLines(string path, Vocabulary vocabulary)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var examples = new List<int[]>();
        var ids = new List<int>();
        foreach (string line in Enumerate(path))
        {
            ids.Clear();
            vocabulary.EncodeTo(line, ids);
            if (ids.Count > 0) examples.Add(ids.ToArray());
        }

        if (examples.Count == 0) throw Empty(path);
        return examples.ToArray();
    }

    /// <summary>
    /// All tokens of the file as one stream of ids, with <see cref="Vocabulary.Eos"/> after every line (blank lines
    /// included), as Zaremba et al. read the Penn Treebank. A line longer than 1 MiB (a whole book without line
    /// breaks, say) is read in pieces cut between two tokens, so it gives the same ids as if read whole.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="vocabulary"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file holds no tokens.</exception>
    public static int[] ReadStream(string path, Vocabulary vocabulary)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(vocabulary);

        // Full chunks plus the one being filled, copied once into an exact array at the end: at most twice the ids.
        var chunks = new List<int[]>();
        var current = new int[ChunkLength];
        int used = 0;
        long total = 0, lineEnds = 0;
        var ids = new List<int>();
        foreach (var (piece, endsLine) in Pieces(path, SplitFor(vocabulary.Level)))
        {
            ids.Clear();
            vocabulary.EncodeTo(piece, ids);
            if (endsLine)
            {
                ids.Add(Vocabulary.EosId);
                lineEnds++;
            }
            foreach (int id in ids)
            {
                if (used == current.Length)
                {
                    chunks.Add(current);
                    current = new int[ChunkLength];
                    used = 0;
                }

                current[used++] = id;
            }

            total += ids.Count;
        }

        if (total == lineEnds) throw Empty(path);
        if (total > Array.MaxLength)
            throw new InvalidDataException($"{path}: {total} tokens are more than one array can hold.");

        var stream = new int[total];
        int offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(stream, offset);
            offset += chunk.Length;
        }

        Array.Copy(current, 0, stream, offset, used);
        return stream;
    }

    private static IEnumerable<string> Enumerate(string path)
    {
        foreach (var (line, _) in Pieces(path, LongLineSplit.None)) yield return line;
    }

    private static IEnumerable<(string Text, bool EndsLine)> Pieces(string path, LongLineSplit split)
    {
        using var reader = new Utf8LineReader(path, split);
        while (reader.Read(out string text, out bool endsLine)) yield return (text, endsLine);
    }

    // Characters may be cut between any two; words and whitespace tokens only at a space, which no token spans.
    private static LongLineSplit SplitFor(TokenLevel level) => level == TokenLevel.Char ? LongLineSplit.AtScalar : LongLineSplit.AtSpace;

    private static InvalidDataException Empty(string path) => new($"{path}: the corpus holds no tokens.");
}
