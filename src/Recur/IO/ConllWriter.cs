namespace Recur.IO;

/// <summary>
/// Writes sentences back in the format they were read in, with new tags: every line of the sentence as read, the tag
/// field of each word line replaced (or added), and a blank line after the sentence.
/// </summary>
public static class ConllWriter
{
    /// <summary>Writes one sentence with <paramref name="tags"/> in place of its own.</summary>
    /// <param name="writer">Destination.</param>
    /// <param name="sentence">The sentence as read.</param>
    /// <param name="tags">One tag per word.</param>
    /// <param name="options">
    /// Where the tag goes, as for reading: in CoNLL-U the UPOS or XPOS field; in CoNLL columns field
    /// <see cref="ConllReadOptions.TagColumn"/> (fields missing before it written as <c>_</c>), or with −1 the last field
    /// of a line that has a token and a tag, and a new field after a token alone.
    /// </param>
    /// <exception cref="ArgumentException">The number of tags differs from the number of words.</exception>
    public static void Write(TextWriter writer, ConllSentence sentence, IReadOnlyList<string> tags, ConllReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(sentence);
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (tags.Count != sentence.Tokens.Count)
            throw new ArgumentException($"{tags.Count} tags for a sentence of {sentence.Tokens.Count} words.", nameof(tags));
        var wordAt = new int[sentence.Lines.Count];
        Array.Fill(wordAt, -1);
        for (int w = 0; w < sentence.TokenLines.Count; w++) wordAt[sentence.TokenLines[w]] = w;
        for (int i = 0; i < sentence.Lines.Count; i++)
        {
            string line = sentence.Lines[i];
            writer.Write(wordAt[i] < 0 ? line : Retag(line, tags[wordAt[i]], options));
            writer.Write('\n');
        }
        writer.Write('\n');
    }

    private static string Retag(string line, string tag, ConllReadOptions options)
    {
        if (options.Format == ConllFormat.ConllU)
        {
            string[] fields = line.Split('\t');
            fields[options.ConllUTagField] = tag;
            return string.Join('\t', fields);
        }
        bool tabs = line.Contains('\t');
        var list = ConllReader.SplitColumns(line).ToList();
        int read = list.Count;
        if (options.TagColumn < 0)
        {
            if (list.Count >= 2) list[^1] = tag;
            else list.Add(tag);
        }
        else
        {
            while (list.Count <= options.TagColumn) list.Add("_");
            list[options.TagColumn] = tag;
        }
        // A line without tabs had space-separated fields; after a token alone, tabs separate the new fields.
        return string.Join(tabs || read == 1 ? "\t" : " ", list);
    }
}
