using System.Text;

namespace Recur.Text;

/// <summary>
/// Reads a text corpus from disk line by line: UTF-8 (a byte-order mark is stripped; invalid bytes become U+FFFD),
/// lines ending in LF, CRLF or CR. Memory is bounded by the token ids produced, not by the text.
/// </summary>
public static class CorpusReader
{
    private const int ChunkLength = 1 << 20;

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>
    /// The lines of the file at <paramref name="path"/>, without their line breaks. The file is opened when the
    /// enumeration starts (so a missing file throws <see cref="FileNotFoundException"/> then) and closed when it ends.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
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
    /// <exception cref="ArgumentException">A bad path, level, size or count.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file holds no tokens.</exception>
    public static Vocabulary BuildVocabulary(string path, TokenLevel level, int maxSize, bool lowerCase, int minCount = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(minCount, 1);
        var builder = new VocabularyBuilder(level, lowerCase);
        foreach (string line in Enumerate(path)) builder.Add(line);
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
    /// included), as Zaremba et al. read the Penn Treebank.
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
        foreach (string line in Enumerate(path))
        {
            ids.Clear();
            vocabulary.EncodeTo(line, ids);
            ids.Add(Vocabulary.EosId);
            lineEnds++;
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
        var options = new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            Options = FileOptions.SequentialScan,
            BufferSize = 1 << 16,
        };
        using var reader = new StreamReader(path, s_utf8, detectEncodingFromByteOrderMarks: true, options);
        while (reader.ReadLine() is string line) yield return line;
    }

    private static InvalidDataException Empty(string path) => new($"{path}: the corpus holds no tokens.");
}
