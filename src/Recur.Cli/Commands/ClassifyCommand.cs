using System.CommandLine;

namespace Recur.Cli.Commands;

/// <summary><c>recur classify</c>: the many-to-one text classifier, with train, evaluate and predict.</summary>
internal static class ClassifyCommand
{
    public static Command Create(Option<bool> verbose) => new("classify", "Text classification (many-to-one): sentiment, topics, DNA sequences.")
    {
        ClassifyTrainCommand.Create(verbose),
        ClassifyEvaluateCommand.Create(verbose),
        ClassifyPredictCommand.Create(verbose),
    };
}
