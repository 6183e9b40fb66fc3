using Recur.Text;

namespace Recur.IO;

/// <summary>
/// Reads parallel text: one sentence pair per line, <c>source&lt;TAB&gt;target</c>, UTF-8 (as <see cref="CorpusReader.Lines"/>:
/// a byte-order mark is stripped, lines end in LF, CRLF or CR). Columns after the second (Tatoeba's attribution) are
/// ignored; blank lines are skipped. Each side is trimmed of surrounding whitespace.
/// </summary>
public static class ParallelTextReader
{
    /// <summary>Reads every pair of the file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="reverse">Read column 2 as the source and column 1 as the target (e.g. Tatoeba's fra.txt, English
    /// then French, read French → English).</param>
    /// <returns>The pairs in file order.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line has no tab or an empty side, or the file holds no pair; the message
    /// names the file and the 1-based line.</exception>
    public static IReadOnlyList<(string Source, string Target)> Read(string path, bool reverse = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        InputFile.Check(path);
        var pairs = new List<(string, string)>();
        int number = 0;
        foreach (string line in CorpusReader.Lines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            pairs.Add(Parse(line, path, number, reverse));
        }
        if (pairs.Count == 0) throw new InvalidDataException($"{path}: no sentence pairs (expected source<TAB>target lines).");
        return pairs;
    }

    /// <summary>Splits one line into its pair.</summary>
    /// <param name="line">The line, without its line break.</param>
    /// <param name="path">The file, for messages.</param>
    /// <param name="lineNumber">The 1-based line number, for messages.</param>
    /// <param name="reverse">Swap the two columns.</param>
    /// <exception cref="InvalidDataException">No tab, or an empty side.</exception>
    public static (string Source, string Target) Parse(string line, string path, int lineNumber, bool reverse = false)
    {
        ArgumentNullException.ThrowIfNull(line);
        int tab = line.IndexOf('\t', StringComparison.Ordinal);
        if (tab < 0)
            throw new InvalidDataException($"{path}:{lineNumber}: expected source<TAB>target, found no tab.");
        int end = line.IndexOf('\t', tab + 1);
        string first = line[..tab].Trim(), second = (end < 0 ? line[(tab + 1)..] : line[(tab + 1)..end]).Trim();
        if (first.Length == 0) throw new InvalidDataException($"{path}:{lineNumber}: the first column is empty.");
        if (second.Length == 0) throw new InvalidDataException($"{path}:{lineNumber}: the second column is empty.");
        return reverse ? (second, first) : (first, second);
    }
}
