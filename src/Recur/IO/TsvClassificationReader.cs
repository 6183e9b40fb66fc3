using System.Text;
using Recur.Text;

namespace Recur.IO;

/// <summary>
/// Reads text classification examples, <c>text&lt;TAB&gt;label</c> per line (or CSV), with an optional header and
/// selectable fields (see <see cref="TsvClassificationOptions"/>). Text is UTF-8; blank lines are skipped. Every malformed
/// record is an <see cref="InvalidDataException"/> whose message starts with <c>file:line:</c>.
/// </summary>
public static class TsvClassificationReader
{
    /// <summary>Every record after the header, in file order.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Separator, header and fields; null for the defaults (text then label).</param>
    /// <exception cref="ArgumentException">The path is empty or the options are invalid.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A record lacks a field, has an empty label or an unterminated quote, or the file holds no records.</exception>
    public static List<ClassificationRecord> Read(string path, TsvClassificationOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new TsvClassificationOptions();
        options.Validate();
        InputFile.Check(path);
        char delimiter = options.DelimiterFor(path);
        var rows = new List<(string[] Fields, int Line)>();
        foreach (var row in Records(path, delimiter)) rows.Add(row);
        bool header = options.Header ?? LooksLikeHeader(rows, options.TextColumn, options.LabelColumn);
        var records = new List<ClassificationRecord>(rows.Count);
        for (int i = header ? 1 : 0; i < rows.Count; i++)
        {
            var (fields, line) = rows[i];
            int needed = Math.Max(options.TextColumn, options.RequireLabels ? options.LabelColumn : 0) + 1;
            if (fields.Length < needed)
                throw new InvalidDataException($"{path}:{line}: expected at least {needed} fields separated by {Name(delimiter)}, found {fields.Length}.");
            string? label = null;
            if (options.RequireLabels)
            {
                label = fields[options.LabelColumn].Trim();
                if (label.Length == 0) throw new InvalidDataException($"{path}:{line}: the label (field {options.LabelColumn + 1}) is empty.");
            }
            records.Add(new ClassificationRecord(fields[options.TextColumn].Trim(), label, line));
        }
        if (records.Count == 0) throw new InvalidDataException($"{path}: the file holds no records.");
        return records;
    }

    private static readonly HashSet<string> s_labelNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "label", "labels", "class", "category", "target", "sentiment", "tag",
    };

    private static readonly HashSet<string> s_textNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "text", "sentence", "sentences", "review", "sequence", "content", "document", "tweet", "comment",
    };

    // A header: its label field is no other record's label, and either names a column (label, class, …; text, sentence,
    // …) or is not a number while every other label is.
    private static bool LooksLikeHeader(List<(string[] Fields, int Line)> rows, int textColumn, int labelColumn)
    {
        if (rows.Count < 2 || rows[0].Fields.Length <= labelColumn) return false;
        string first = rows[0].Fields[labelColumn].Trim();
        bool othersNumeric = true;
        for (int i = 1; i < rows.Count; i++)
        {
            if (rows[i].Fields.Length <= labelColumn) continue;
            string label = rows[i].Fields[labelColumn].Trim();
            if (label == first) return false;
            othersNumeric &= double.TryParse(label, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
        }
        bool firstNumeric = double.TryParse(first, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
        string text = rows[0].Fields.Length > textColumn ? rows[0].Fields[textColumn].Trim() : "";
        return s_labelNames.Contains(first) || s_textNames.Contains(text) || (othersNumeric && !firstNumeric);
    }

    private static string Name(char delimiter) => delimiter == '\t' ? "tabs" : "commas";

    private static IEnumerable<(string[] Fields, int Line)> Records(string path, char delimiter)
    {
        int lineNumber = 0;
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        int start = 0;
        foreach (string line in CorpusReader.Lines(path))
        {
            lineNumber++;
            if (!quoted)
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                if (delimiter == '\t')
                {
                    yield return (line.Split('\t'), lineNumber);
                    continue;
                }
                start = lineNumber;
                fields.Clear();
                field.Clear();
            }
            else field.Append('\n'); // a line break inside a quoted field
            quoted = ParseCsv(path, lineNumber, line, quoted, fields, field);
            if (quoted) continue;
            fields.Add(field.ToString());
            yield return (fields.ToArray(), start);
        }
        if (quoted) throw new InvalidDataException($"{path}:{start}: a quoted field is not closed before the end of the file.");
    }

    // RFC 4180: a field starting with " runs to the next lone "; "" inside it is one quote. Returns whether the line
    // ends inside a quoted field. Completed fields go to `fields`, the current one stays in `field`.
    private static bool ParseCsv(string path, int lineNumber, string line, bool quoted, List<string> fields, StringBuilder field)
    {
        bool atFieldStart = !quoted && field.Length == 0;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"') { field.Append(c); continue; }
                if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; continue; }
                quoted = false;
                // After the closing quote: spaces, then a comma or the end of the line.
                int j = i + 1;
                while (j < line.Length && line[j] == ' ') j++;
                if (j < line.Length && line[j] != ',')
                    throw new InvalidDataException($"{path}:{lineNumber}: unexpected '{line[j]}' after a closing quote (column {j + 1}).");
                i = j - 1;
                continue;
            }
            if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                atFieldStart = true;
                continue;
            }
            if (c == '"' && atFieldStart && field.ToString().Trim().Length == 0)
            {
                field.Clear();
                quoted = true;
                continue;
            }
            field.Append(c);
            if (c != ' ') atFieldStart = false;
        }
        return quoted;
    }
}
