using System.CommandLine;

namespace Recur.Cli.Commands;

/// <summary>The options of <c>classify evaluate</c> and <c>classify predict</c> that say how a file is read; each defaults to how the model's training file was read.</summary>
internal sealed class ClassifyReadOptions
{
    public Option<int?> TextColumn { get; } = new("--text-column") { Description = "1-based field of the text (default: as in training)." };
    public Option<int?> LabelColumn { get; } = new("--label-column") { Description = "1-based field of the label (default: as in training)." };
    public Option<string?> Header { get; } = new("--header") { Description = "Whether the first line is a header: auto, yes or no (default: as in training)." };
    public Option<string?> Delimiter { get; } = new("--delimiter") { Description = "auto (comma for *.csv, else tab), tab or comma (default: as in training)." };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { TextColumn, LabelColumn, Header, Delimiter }) command.Options.Add(option);
    }

    /// <summary>The model's data description with the options given here applied.</summary>
    public ClassifyData Apply(ParseResult parse, ClassifyData trained) => trained with
    {
        TextColumn = parse.GetValue(TextColumn) ?? trained.TextColumn,
        LabelColumn = parse.GetValue(LabelColumn) ?? trained.LabelColumn,
        Header = parse.GetValue(Header) ?? trained.Header,
        Delimiter = parse.GetValue(Delimiter) ?? trained.Delimiter,
    };
}
