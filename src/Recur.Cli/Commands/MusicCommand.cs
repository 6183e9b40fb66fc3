using System.CommandLine;

namespace Recur.Cli.Commands;

/// <summary><c>recur music</c>: polyphonic music models (train, evaluate, generate).</summary>
internal static class MusicCommand
{
    public static Command Create(Option<bool> verbose) => new("music", "Polyphonic music: train on piano rolls, evaluate the frame NLL, generate MIDI.")
    {
        MusicTrainCommand.Create(verbose),
        MusicEvaluateCommand.Create(verbose),
        MusicGenerateCommand.Create(verbose),
    };
}
