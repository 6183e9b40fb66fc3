using System.CommandLine;
using System.Globalization;
using Recur.IO;
using Recur.Kernels;
using Recur.Models;

namespace Recur.Cli.Commands;

/// <summary><c>recur music evaluate</c>: the frame NLL of a music model on a split or a file.</summary>
internal static class MusicEvaluateCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string>("--model") { Description = "Checkpoint file or run directory (then its best checkpoint).", Required = true };
        var split = new Option<string>("--split") { Description = "train, valid or test.", DefaultValueFactory = _ => "test" };
        var data = new Option<string?>("--data") { Description = "Another data set (JSON or MIDI folder), or one sequence (.mid file or JSON array of frames); default: the training data." };
        var batch = new Option<int>("--batch-size") { Description = "Sequences per forward pass (does not change the result).", DefaultValueFactory = _ => 32 };
        var threads = new Option<int>("--threads") { Description = "Worker threads for matrix products.", DefaultValueFactory = _ => 1 };
        var command = new Command("evaluate", "Mean negative log-likelihood per predicted frame (frames 2…T of each sequence), in nats.")
        {
            model, split, data, batch, threads,
        };
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            int batchSize = parse.GetValue(batch), threadCount = parse.GetValue(threads);
            if (batchSize <= 0) throw new ArgumentException($"--batch-size must be positive, got {batchSize}.");
            if (threadCount <= 0) throw new ArgumentException($"--threads must be positive, got {threadCount}.");
            KernelThreads.Count = threadCount;
            string path = CommandRunner.ResolveModel(parse.GetValue(model)!);
            var checkpoint = MusicCheckpoint.Load(path);
            var music = MusicData.FromJson(checkpoint.Data, path);
            string source = parse.GetValue(data) ?? music.Data, splitName = parse.GetValue(split)!;
            var rolls = PianoRollReader.ReadSplit(source, splitName, music.FramesPerQuarter, out bool oneSequence);
            string what = oneSequence ? source : $"{splitName} split of {source}";
            Metrics.FrameNllResult result;
            try
            {
                result = MusicEvaluation.Evaluate(checkpoint.Model, rolls, batchSize);
            }
            catch (ArgumentException e)
            {
                // A sequence the model cannot read (a pitch outside its range, nothing to predict): name the data.
                throw new InvalidDataException($"{what}: {e.Message}", e);
            }
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"recur: frame NLL {result.Nll:F4} nats over {result.Frames} predicted frames of {result.Sequences} sequences ({what})"));
            return 0;
        }));
        return command;
    }
}
