using System.CommandLine;

namespace Recur.Cli.Commands;

/// <summary><c>recur translate</c>: the encoder–decoder (Tx ≠ Ty), with train, evaluate and predict.</summary>
internal static class TranslateCommand
{
    public static Command Create(Option<bool> verbose) => new("translate", "Encoder–decoder translation (Tx ≠ Ty): parallel text or the synthetic dates task.")
    {
        TranslateTrainCommand.Create(verbose),
        TranslateEvaluateCommand.Create(verbose),
        TranslatePredictCommand.Create(verbose),
    };
}
