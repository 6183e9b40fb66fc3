using System.Globalization;
using Recur.Text;

namespace Recur.IO;

/// <summary>
/// Reads pretrained word vectors from a text file, one word per line followed by its numbers separated by spaces or
/// tabs (GloVe; word2vec's text format, whose first line "count dimension" is skipped). All vectors have the
/// dimension of the first. A word may itself hold spaces (as a few in GloVe 840B): the last D fields are the numbers.
/// Every malformed line is an <see cref="InvalidDataException"/> whose message starts with <c>file:line:</c>.
/// </summary>
public static class WordVectorsReader
{
    private static readonly char[] s_separators = [' ', '\t'];

    /// <summary>The dimension D of the vectors, from the header or the first vector line.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file has no vector line, or its first line is malformed.</exception>
    public static int ReadDimension(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        InputFile.Check(path);
        int lineNumber = 0;
        foreach (string line in CorpusReader.Lines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            string[] fields = line.Split(s_separators, StringSplitOptions.RemoveEmptyEntries);
            if (lineNumber == 1 && IsHeader(fields)) return int.Parse(fields[1], CultureInfo.InvariantCulture);
            if (fields.Length < 2) throw new InvalidDataException($"{path}:{lineNumber}: expected a word followed by numbers, found {fields.Length} field.");
            return fields.Length - 1;
        }
        throw new InvalidDataException($"{path}: the file holds no vectors.");
    }

    /// <summary>
    /// Copies the vector of every word of <paramref name="vocabulary"/> found in the file into its row of
    /// <paramref name="table"/>. A word is found under its own spelling; failing that, a vocabulary word with capitals
    /// takes the vector of its lower-cased form (GloVe's vocabularies are lower-cased). Rows of words not found are left
    /// as they are, as are the rows of &lt;unk&gt; and &lt;eos&gt; unless the file has those strings.
    /// </summary>
    /// <param name="path">The vectors file.</param>
    /// <param name="vocabulary">The words wanted.</param>
    /// <param name="table">[V, D] embedding rows, written where found.</param>
    /// <param name="dimension">D; every vector of the file must have it.</param>
    /// <returns>How many vocabulary words were given a vector.</returns>
    /// <exception cref="ArgumentException">The table is not [V, D].</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line has another dimension or a field that is not a number.</exception>
    public static int ReadInto<T>(string path, Vocabulary vocabulary, Span<T> table, int dimension) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (table.Length != vocabulary.Count * dimension)
            throw new ArgumentException($"Expected a table of {vocabulary.Count} × {dimension} values, got {table.Length}.", nameof(table));
        InputFile.Check(path);
        // Vocabulary words with capitals, by their lower-cased form, for the fallback.
        var byLower = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int id = 0; id < vocabulary.Count; id++)
        {
            string word = vocabulary.Token(id), lower = word.ToLowerInvariant();
            if (lower == word) continue;
            if (!byLower.TryGetValue(lower, out var ids)) byLower[lower] = ids = [];
            ids.Add(id);
        }
        var state = new byte[vocabulary.Count]; // 0 not found, 1 from the lower-cased form, 2 exact
        var vector = new T[dimension];
        int lineNumber = 0;
        foreach (string line in CorpusReader.Lines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            string[] fields = line.Split(s_separators, StringSplitOptions.RemoveEmptyEntries);
            if (lineNumber == 1 && IsHeader(fields))
            {
                int d = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (d != dimension) throw new InvalidDataException($"{path}:1: the header gives dimension {d}, expected {dimension}.");
                continue;
            }
            if (fields.Length < dimension + 1)
                throw new InvalidDataException($"{path}:{lineNumber}: expected a word and {dimension} numbers, found {fields.Length} fields.");
            int first = fields.Length - dimension;
            string word = first == 1 ? fields[0] : string.Join(' ', fields, 0, first);
            int exact = vocabulary.Id(word);
            bool wanted = exact != Vocabulary.UnkId || word == Vocabulary.Unk;
            byLower.TryGetValue(word, out var lowerIds);
            if (!wanted && lowerIds is null) continue;
            for (int j = 0; j < dimension; j++)
            {
                if (!double.TryParse(fields[first + j], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                    throw new InvalidDataException($"{path}:{lineNumber}: field {first + j + 1} ('{fields[first + j]}') is not a finite number.");
                vector[j] = T.CreateChecked(v);
            }
            if (wanted && state[exact] < 2)
            {
                vector.CopyTo(table.Slice(exact * dimension, dimension));
                state[exact] = 2;
            }
            if (lowerIds is null) continue;
            foreach (int id in lowerIds)
            {
                if (state[id] != 0) continue;
                vector.CopyTo(table.Slice(id * dimension, dimension));
                state[id] = 1;
            }
        }
        return state.Count(s => s != 0);
    }

    private static bool IsHeader(string[] fields) =>
        fields.Length == 2 && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)
        && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int d) && d > 0;
}
