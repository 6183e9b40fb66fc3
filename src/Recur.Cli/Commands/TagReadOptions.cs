using System.CommandLine;

namespace Recur.Cli.Commands;

/// <summary>The options of <c>tag evaluate</c> and <c>tag predict</c> that say how a file is read; each defaults to how the model's training file was read.</summary>
internal sealed class TagReadOptions
{
    public Option<string?> Format { get; } = new("--format") { Description = "conll or conllu (default: as the model's training file)." };
    public Option<int?> TagColumn { get; } = new("--tag-column") { Description = "CoNLL columns: 1-based field of the tag, 0 for the last (default: as in training)." };
    public Option<bool> Upos { get; } = new("--upos") { Description = "CoNLL-U: UPOS tags." };
    public Option<bool> Xpos { get; } = new("--xpos") { Description = "CoNLL-U: XPOS tags." };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Format, TagColumn, Upos, Xpos }) command.Options.Add(option);
    }

    /// <summary>The model's data description with the options given here applied.</summary>
    public TagData Apply(ParseResult parse, TagData trained)
    {
        if (parse.GetValue(Upos) && parse.GetValue(Xpos)) throw new ArgumentException("Give --upos or --xpos, not both.");
        return trained with
        {
            Format = parse.GetValue(Format) ?? trained.Format,
            TagColumn = parse.GetValue(TagColumn) ?? trained.TagColumn,
            Xpos = parse.GetValue(Xpos) || (!parse.GetValue(Upos) && trained.Xpos),
        };
    }
}
