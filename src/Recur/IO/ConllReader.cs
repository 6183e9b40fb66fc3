using Recur.Text;

namespace Recur.IO;

/// <summary>
/// Reads tagged sentences from CoNLL column files and CoNLL-U files (see <see cref="ConllFormat"/>). Text is UTF-8, lines
/// end in LF, CRLF or CR, and a blank line (or the end of the file) ends a sentence. Every malformed line is an
/// <see cref="InvalidDataException"/> whose message starts with <c>file:line:</c>.
/// </summary>
public static class ConllReader
{
    /// <summary>The fields of a CoNLL-U word line.</summary>
    public const int ConllUFields = 10;

    /// <summary>The most tokens of one sentence: a longer one is a file without blank lines between its sentences.</summary>
    public const int MaxSentenceTokens = 10_000;

    private const string DocumentStart = "-DOCSTART-";

    /// <summary>Every sentence of the file, in order.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Format and tag field; null for CoNLL columns with the tag last.</param>
    /// <exception cref="ArgumentException">The path is empty or the options are invalid.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line is malformed, or the file holds no sentence.</exception>
    public static List<ConllSentence> Read(string path, ConllReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new ConllReadOptions();
        options.Validate();
        InputFile.Check(path);
        var sentences = new List<ConllSentence>();
        var builder = new SentenceBuilder(path, options.RequireTags);
        int lineNumber = 0;
        foreach (string line in CorpusReader.Lines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                builder.End(sentences);
                continue;
            }
            if (options.Format == ConllFormat.ConllU) ReadConllULine(path, lineNumber, line, options, builder);
            else ReadColumnsLine(path, lineNumber, line, options, builder, sentences);
        }
        builder.End(sentences);
        if (sentences.Count == 0) throw new InvalidDataException($"{path}: the file holds no sentences.");
        return sentences;
    }

    /// <summary>The fields of a CoNLL column line: split at tabs when it has any, else at runs of spaces.</summary>
    public static string[] SplitColumns(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.Contains('\t') ? line.Split('\t') : line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static void ReadColumnsLine(string path, int lineNumber, string line, ConllReadOptions options, SentenceBuilder builder,
        List<ConllSentence> sentences)
    {
        string[] fields = SplitColumns(line);
        string token = fields[0].Trim();
        if (token == DocumentStart)
        {
            builder.End(sentences);
            return;
        }
        if (token.Length == 0) throw new InvalidDataException($"{path}:{lineNumber}: the token (first field) is empty.");
        string? tag = null;
        if (options.RequireTags)
        {
            int column = options.TagColumn < 0 ? fields.Length - 1 : options.TagColumn;
            if (column < 1 || column >= fields.Length)
            {
                string which = options.TagColumn < 0 ? "a token and a tag" : $"at least {options.TagColumn + 1} fields";
                throw new InvalidDataException($"{path}:{lineNumber}: expected {which}, found {fields.Length} field{(fields.Length == 1 ? "" : "s")}.");
            }
            tag = fields[column].Trim();
            if (tag.Length == 0) throw new InvalidDataException($"{path}:{lineNumber}: the tag (field {column + 1}) is empty.");
        }
        builder.AddWord(line, lineNumber, token, tag);
    }

    private static void ReadConllULine(string path, int lineNumber, string line, ConllReadOptions options, SentenceBuilder builder)
    {
        if (line.StartsWith('#'))
        {
            builder.AddOther(line, lineNumber);
            return;
        }
        string[] fields = line.Split('\t');
        if (fields.Length != ConllUFields)
            throw new InvalidDataException($"{path}:{lineNumber}: expected {ConllUFields} tab-separated fields, found {fields.Length}.");
        string id = fields[0];
        if (id.Contains('-') || id.Contains('.'))
        {
            // A multiword token range (1-2) or an empty node (1.1): kept for writing back, not a word.
            builder.AddOther(line, lineNumber);
            return;
        }
        if (!int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) || n <= 0)
            throw new InvalidDataException($"{path}:{lineNumber}: bad word ID '{id}' (expected 1, 2, … or a range 1-2 or empty node 1.1).");
        string token = fields[1];
        if (token.Length == 0) throw new InvalidDataException($"{path}:{lineNumber}: the word form (field 2) is empty.");
        string? tag = null;
        if (options.RequireTags)
        {
            tag = fields[options.ConllUTagField];
            if (tag.Length == 0 || tag == "_")
                throw new InvalidDataException($"{path}:{lineNumber}: the word has no {(options.Xpos ? "XPOS" : "UPOS")} tag ('{tag}').");
        }
        builder.AddWord(line, lineNumber, token, tag);
    }

    private sealed class SentenceBuilder(string path, bool tags)
    {
        private readonly List<string> _tokens = [], _tags = [], _lines = [];
        private readonly List<int> _tokenLines = [];
        private int _firstLine;

        public void AddWord(string line, int lineNumber, string token, string? tag)
        {
            if (_tokens.Count == MaxSentenceTokens)
                throw new InvalidDataException($"{path}:{_firstLine}: the sentence starting here has more than {MaxSentenceTokens:N0} tokens; are the sentences separated by blank lines?");
            AddOther(line, lineNumber);
            _tokens.Add(token);
            if (tags) _tags.Add(tag!);
            _tokenLines.Add(_lines.Count - 1);
        }

        public void AddOther(string line, int lineNumber)
        {
            if (_lines.Count == 0) _firstLine = lineNumber;
            _lines.Add(line);
        }

        public void End(List<ConllSentence> sentences)
        {
            // A block of comments alone (no words) is not a sentence.
            if (_tokens.Count > 0)
                sentences.Add(new ConllSentence(_tokens.ToArray(), tags ? _tags.ToArray() : null, _lines.ToArray(), _tokenLines.ToArray(), _firstLine));
            _tokens.Clear(); _tags.Clear(); _lines.Clear(); _tokenLines.Clear();
        }
    }
}
