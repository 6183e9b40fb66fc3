using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using Recur.IO;

namespace Recur.Training;

/// <summary>
/// A CSV log of training metrics, one row per call to <see cref="Append"/>. Every write rewrites the whole file
/// through a temporary file and a rename, so a crash leaves either the previous or the new complete file.
/// </summary>
/// <remarks>
/// Numbers use the invariant culture and round-trip formatting; NaN is written as an empty field (a metric not
/// measured on that row, such as the validation loss between evaluations) and read back as NaN. Lines end with
/// <c>\n</c>. The file is written only by <see cref="Append"/> and <see cref="Truncate"/>.
/// </remarks>
public sealed class MetricsLog
{
    private readonly List<IReadOnlyList<double>> _rows = [];
    private readonly StringBuilder _text = new();

    /// <summary>
    /// The default columns: <c>epoch, step, train_loss, valid_loss, valid_perplexity, tokens_per_s,
    /// learning_rate, elapsed_s</c>.
    /// </summary>
    public static IReadOnlyList<string> DefaultColumns { get; } = Array.AsReadOnly(
        ["epoch", "step", "train_loss", "valid_loss", "valid_perplexity", "tokens_per_s", "learning_rate", "elapsed_s"]);

    /// <summary>Starts an empty log that will be written to <paramref name="path"/>; nothing is written yet.</summary>
    /// <param name="path">The CSV file; its directory must exist by the first <see cref="Append"/>.</param>
    /// <param name="columns">Column names, or null for <see cref="DefaultColumns"/>: at least one, unique, non-empty,
    /// and without commas, quotes, or line breaks.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, or a column name is bad.</exception>
    public MetricsLog(string path, IReadOnlyList<string>? columns = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        columns ??= DefaultColumns;
        if (columns.Count == 0)
            throw new ArgumentException("A metrics log needs at least one column.", nameof(columns));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string column in columns)
        {
            if (string.IsNullOrEmpty(column) || column.AsSpan().IndexOfAny(",\"\r\n") >= 0 || column != column.Trim())
                throw new ArgumentException($"Column name '{column}' must be non-empty, without surrounding spaces, commas, quotes or line breaks.", nameof(columns));
            if (!seen.Add(column))
                throw new ArgumentException($"Column '{column}' appears twice.", nameof(columns));
        }
        Path = path;
        Columns = Array.AsReadOnly(columns.ToArray());
        Rows = new ReadOnlyCollection<IReadOnlyList<double>>(_rows);
        _text.Append(string.Join(',', Columns)).Append('\n');
    }

    /// <summary>The CSV file.</summary>
    public string Path { get; }

    /// <summary>Column names, in file order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Rows in order, each one value per column (NaN where the field was empty).</summary>
    public IReadOnlyList<IReadOnlyList<double>> Rows { get; }

    /// <summary>Adds a row and rewrites the file atomically.</summary>
    /// <param name="values">One value per column; NaN for "not measured". Infinities are kept.</param>
    /// <exception cref="ArgumentException">The number of values differs from the number of columns.</exception>
    /// <exception cref="IOException">The file could not be written; the row is not added and the file is unchanged.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    public void Append(params ReadOnlySpan<double> values)
    {
        if (values.Length != Columns.Count)
            throw new ArgumentException($"Expected {Columns.Count} values ({string.Join(", ", Columns)}), got {values.Length}.", nameof(values));
        double[] row = values.ToArray();
        int mark = _text.Length;
        AppendLine(_text, row);
        try
        {
            Write();
        }
        catch
        {
            _text.Length = mark;
            throw;
        }
        _rows.Add(Array.AsReadOnly(row));
    }

    /// <summary>Keeps the first <paramref name="count"/> rows and rewrites the file, e.g. to drop rows logged after the checkpoint a run resumes from.</summary>
    /// <param name="count">Rows to keep, 0 to <see cref="Rows"/>.Count.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is out of range.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    public void Truncate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _rows.Count);
        _rows.RemoveRange(count, _rows.Count - count);
        _text.Clear().Append(string.Join(',', Columns)).Append('\n');
        foreach (IReadOnlyList<double> row in _rows)
            AppendLine(_text, row);
        Write();
    }

    /// <summary>Reads a log written by this class, to resume appending to it.</summary>
    /// <param name="path">The CSV file; its header gives the columns.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The header is missing or has bad column names, or a row has the wrong number of fields or a field that is
    /// not a number; the message names the file, the line and its byte offset.
    /// </exception>
    public static MetricsLog Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text = File.ReadAllText(path, Encoding.UTF8);
        int lineStart = 0;
        int lineNumber = 0;
        long offset = 0;
        MetricsLog? log = null;
        while (lineStart < text.Length)
        {
            int end = text.IndexOf('\n', lineStart);
            int next = end < 0 ? text.Length : end + 1;
            ReadOnlySpan<char> line = text.AsSpan(lineStart, (end < 0 ? text.Length : end) - lineStart).TrimEnd('\r');
            lineNumber++;
            if (log is null)
            {
                try
                {
                    log = new MetricsLog(path, line.ToString().Split(','));
                }
                catch (ArgumentException e)
                {
                    throw new InvalidDataException($"{path}: bad header on line 1 at byte 0: {e.Message}", e);
                }
            }
            else if (!line.IsEmpty)
            {
                log._rows.Add(Array.AsReadOnly(ParseRow(path, line, log.Columns.Count, lineNumber, offset)));
            }
            offset += Encoding.UTF8.GetByteCount(text.AsSpan(lineStart, next - lineStart));
            lineStart = next;
        }
        if (log is null)
            throw new InvalidDataException($"{path}: missing header at byte 0");
        log._text.Clear().Append(string.Join(',', log.Columns)).Append('\n');
        foreach (IReadOnlyList<double> row in log._rows)
            AppendLine(log._text, row);
        return log;
    }

    private static double[] ParseRow(string path, ReadOnlySpan<char> line, int columns, int lineNumber, long offset)
    {
        var row = new double[columns];
        int field = 0;
        foreach (Range range in line.Split(','))
        {
            ReadOnlySpan<char> text = line[range];
            if (field < columns)
            {
                if (text.IsEmpty)
                    row[field] = double.NaN;
                else if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out row[field]))
                    throw new InvalidDataException($"{path}: line {lineNumber} at byte {offset}: field {field + 1} '{text}' is not a number");
            }
            field++;
        }
        if (field != columns)
            throw new InvalidDataException($"{path}: line {lineNumber} at byte {offset}: {field} fields, expected {columns}");
        return row;
    }

    private static void AppendLine(StringBuilder text, IReadOnlyList<double> values)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (i > 0)
                text.Append(',');
            if (!double.IsNaN(values[i]))
                text.Append(values[i].ToString("R", CultureInfo.InvariantCulture));
        }
        text.Append('\n');
    }

    private void Write()
    {
        string content = _text.ToString();
        AtomicFile.Write(Path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
            writer.Write(content);
        });
    }
}
