using System.Text.Json;
using Recur.IO;
using Recur.Text;

namespace Recur.Cli.Commands;

/// <summary>The files a classifier is trained on and how they are read; stored in the checkpoint so that --resume, evaluate and predict read alike.</summary>
internal sealed record ClassifyData
{
    public string Train { get; init; } = "";
    public string? Valid { get; init; }
    public string? Test { get; init; }

    /// <summary><c>char</c>, <c>word</c> or <c>whitespace</c>.</summary>
    public string Level { get; init; } = "word";

    public bool LowerCase { get; init; }

    /// <summary>1-based field of the text.</summary>
    public int TextColumn { get; init; } = 1;

    /// <summary>1-based field of the label.</summary>
    public int LabelColumn { get; init; } = 2;

    /// <summary><c>auto</c>, <c>yes</c> or <c>no</c>.</summary>
    public string Header { get; init; } = "auto";

    /// <summary><c>auto</c> (comma for *.csv, else tab), <c>tab</c> or <c>comma</c>.</summary>
    public string Delimiter { get; init; } = "auto";

    public int MinCount { get; init; } = 1;
    public int VocabSize { get; init; } = 50000;
    public int MaxLength { get; init; } = 400;

    public TokenLevel TokenLevel => Level switch
    {
        "char" => TokenLevel.Char,
        "word" => TokenLevel.Word,
        "whitespace" => TokenLevel.Whitespace,
        _ => throw new ArgumentException($"Unknown level '{Level}'. Expected char, word or whitespace."),
    };

    public TsvClassificationOptions ReadOptions(bool requireLabels)
    {
        if (TextColumn < 1) throw new ArgumentException($"--text-column must be 1 or more, got {TextColumn}.");
        if (LabelColumn < 1) throw new ArgumentException($"--label-column must be 1 or more, got {LabelColumn}.");
        var options = new TsvClassificationOptions
        {
            TextColumn = TextColumn - 1,
            LabelColumn = LabelColumn - 1,
            RequireLabels = requireLabels,
            Header = Header switch
            {
                "auto" => null,
                "yes" => true,
                "no" => false,
                _ => throw new ArgumentException($"Unknown --header '{Header}'. Expected auto, yes or no."),
            },
            Delimiter = Delimiter switch
            {
                "auto" => null,
                "tab" => '\t',
                "comma" => ',',
                _ => throw new ArgumentException($"Unknown --delimiter '{Delimiter}'. Expected auto, tab or comma."),
            },
        };
        options.Validate();
        return options;
    }

    public string ToJson() => JsonSerializer.Serialize(this);

    public static ClassifyData FromJson(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<ClassifyData>(json) ?? throw new InvalidDataException($"{source}: empty data description.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: invalid data description: {e.Message}", e);
        }
    }
}
