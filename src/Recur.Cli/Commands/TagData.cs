using System.Text.Json;
using Recur.IO;

namespace Recur.Cli.Commands;

/// <summary>The files a tagger is trained on and how they are read; stored in the checkpoint so that --resume, evaluate and predict read alike.</summary>
internal sealed record TagData
{
    public string Train { get; init; } = "";
    public string? Valid { get; init; }
    public string? Test { get; init; }

    /// <summary><c>conll</c> (columns) or <c>conllu</c>.</summary>
    public string Format { get; init; } = "conll";

    /// <summary>1-based field of the tag in CoNLL columns; 0 for the last field.</summary>
    public int TagColumn { get; init; }

    /// <summary>CoNLL-U: XPOS instead of UPOS.</summary>
    public bool Xpos { get; init; }

    public bool LowerCase { get; init; }
    public int MinCount { get; init; } = 1;
    public string? Pretrained { get; init; }

    /// <summary>The format of a file by its name: <c>conllu</c> for *.conllu, else <c>conll</c>.</summary>
    public static string FormatOf(string path) => path.EndsWith(".conllu", StringComparison.OrdinalIgnoreCase) ? "conllu" : "conll";

    public ConllReadOptions ReadOptions(bool requireTags)
    {
        if (TagColumn < 0) throw new ArgumentException($"--tag-column must be 1 or more (0: the last field), got {TagColumn}.");
        if (TagColumn == 1) throw new ArgumentException("--tag-column 1 is the token's field; the tag is in a later one.");
        var format = Format switch
        {
            "conll" => ConllFormat.Columns,
            "conllu" => ConllFormat.ConllU,
            _ => throw new ArgumentException($"Unknown format '{Format}'. Expected conll or conllu."),
        };
        return new ConllReadOptions { Format = format, TagColumn = TagColumn - 1, Xpos = Xpos, RequireTags = requireTags };
    }

    public string Describe() => Format == "conllu" ? $"CoNLL-U, {(Xpos ? "XPOS" : "UPOS")}" : $"CoNLL columns, tag in {(TagColumn == 0 ? "the last field" : $"field {TagColumn}")}";

    public string ToJson() => JsonSerializer.Serialize(this);

    public static TagData FromJson(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<TagData>(json) ?? throw new InvalidDataException($"{source}: empty data description.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: invalid data description: {e.Message}", e);
        }
    }
}
