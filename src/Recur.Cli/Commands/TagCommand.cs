using System.CommandLine;

namespace Recur.Cli.Commands;

/// <summary><c>recur tag</c>: the many-to-many sequence tagger (part-of-speech, named entities), with train, evaluate and predict.</summary>
internal static class TagCommand
{
    public static Command Create(Option<bool> verbose) => new("tag", "Sequence tagging (Tx = Ty): part-of-speech tags, named entities.")
    {
        TagTrainCommand.Create(verbose),
        TagEvaluateCommand.Create(verbose),
        TagPredictCommand.Create(verbose),
    };
}
