using System.CommandLine;
using System.Globalization;
using Recur.Cells;
using Recur.Diagnostics;
using Recur.Kernels;

namespace Recur.Cli.Commands;

/// <summary>
/// <c>recur diagnose task</c>: trains each cell on a synthetic long-range task at several gaps and reports the held-out
/// accuracy against the gap, with the gradient flow of each cell's model at the longest gap.
/// </summary>
internal static class DiagnoseTaskCommand
{
    /// <summary>CSV of the accuracies.</summary>
    public const string AccuracyCsv = "task-accuracy.csv";

    /// <summary>Chart of the accuracies.</summary>
    public const string AccuracySvg = "task-accuracy.svg";

    public static Command Create(Option<bool> verbose)
    {
        var task = new Option<string>("--task") { Description = "agreement (cat … was / cats … were, with attractor nouns in between) or copy (recall the first of 8 symbols).", DefaultValueFactory = _ => "agreement" };
        var gaps = new Option<string>("--gaps") { Description = "Tokens between the key and the query, comma-separated.", DefaultValueFactory = _ => "5,10,20,40,80" };
        var cells = new Option<string>("--cells") { Description = "Cells to compare, comma-separated.", DefaultValueFactory = _ => "rnn-tanh,gru,lstm" };
        var trainSteps = new Option<int>("--train-steps") { Description = "Optimiser steps per cell and gap, each on fresh examples.", DefaultValueFactory = _ => 1500 };
        var hidden = new Option<int>("--hidden-size") { Description = "Hidden units.", DefaultValueFactory = _ => 32 };
        var embedding = new Option<int>("--embedding-size") { Description = "Embedding width.", DefaultValueFactory = _ => 16 };
        var batch = new Option<int>("--batch-size") { Description = "Examples per step.", DefaultValueFactory = _ => 32 };
        var lr = new Option<double>("--lr") { Description = "Adam's learning rate.", DefaultValueFactory = _ => 3e-3 };
        var memoryBias = new Option<string>("--memory-bias") { Description = "Initial bias of the LSTM forget gate and the GRU update gate (the gates that keep the old state), or none for PyTorch's initialisation.", DefaultValueFactory = _ => "3" };
        var testExamples = new Option<int>("--test-examples") { Description = "Held-out examples per cell and gap.", DefaultValueFactory = _ => 512 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of data and initialisation, the same for every cell.", DefaultValueFactory = _ => 1UL };
        var output = new Option<string>("--out") { Description = $"Directory for {AccuracyCsv}, {AccuracySvg}, {DiagnoseCommand.FlowCsv} and {DiagnoseCommand.FlowSvg}.", DefaultValueFactory = _ => "diagnose" };
        var threads = new Option<int>("--threads") { Description = "Worker threads for matrix products (the models are small: one is fastest).", DefaultValueFactory = _ => 1 };

        var command = new Command("task", "Train each cell on a synthetic long-range task at several gaps; accuracy against the gap (CSV and SVG).")
        {
            task, gaps, cells, trainSteps, hidden, embedding, batch, lr, memoryBias, testExamples, seed, output, threads,
        };
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            int threadCount = parse.GetValue(threads);
            if (threadCount <= 0) throw new ArgumentException($"--threads must be positive, got {threadCount}.");
            KernelThreads.Count = threadCount;
            string bias = parse.GetValue(memoryBias)!;
            var options = new GapSweepOptions(LongRangeTask.ParseKind(parse.GetValue(task)!), ParseInts(parse.GetValue(gaps)!, "--gaps"),
                parse.GetValue(cells)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(CellKinds.Parse).ToArray())
            {
                TrainSteps = parse.GetValue(trainSteps),
                HiddenSize = parse.GetValue(hidden),
                EmbeddingSize = parse.GetValue(embedding),
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr),
                MemoryBias = bias == "none" ? null
                    : double.TryParse(bias, NumberStyles.Float, CultureInfo.InvariantCulture, out double b) ? b
                    : throw new ArgumentException($"--memory-bias: '{bias}' is neither a number nor none."),
                TestExamples = parse.GetValue(testExamples),
                Seed = parse.GetValue(seed),
            };
            options.Validate();
            string outDir = parse.GetValue(output)!;
            Directory.CreateDirectory(outDir);
            var example = new LongRangeTask(options.Task, options.Gaps.Min());
            Console.Error.WriteLine($"recur: {options.Task.ToString().ToLowerInvariant()} task, e.g. {example.Describe(example.Next(new Training.Rng(options.Seed)))}; " +
                $"{options.TrainSteps} steps of {options.BatchSize} per cell and gap");

            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
            Console.CancelKeyPress += onCancel;
            GapSweepResult result;
            try
            {
                result = GapSweep.Run(options, new RowProgress(), cancel.Token);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("recur: interrupted.");
                return CommandRunner.Interrupted;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }

            string csv = Path.Combine(outDir, AccuracyCsv), svg = Path.Combine(outDir, AccuracySvg);
            result.SaveCsv(csv);
            result.ToPlot().Save(svg);
            string flowCsv = Path.Combine(outDir, DiagnoseCommand.FlowCsv), flowSvg = Path.Combine(outDir, DiagnoseCommand.FlowSvg);
            GradientFlowResult.SaveCsv(flowCsv, result.Flows);
            int longest = options.Gaps.Max();
            GradientFlowResult.ToPlot(result.Flows, $"Gradient of the loss back in time, models trained at gap {longest} ({options.Task.ToString().ToLowerInvariant()} task)").Save(flowSvg);
            Console.Out.Write(string.Create(CultureInfo.InvariantCulture, $"held-out accuracy (chance {result.Chance:P1})\n") + result.ToTable());
            DiagnoseGradientsCommand.PrintTable(result.Flows, longest + 2);
            Console.Out.WriteLine($"recur: wrote {csv}, {svg}, {flowCsv} and {flowSvg}");
            return 0;
        }));
        return command;
    }

    private static int[] ParseInts(string text, string name) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(part =>
            int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
                ? v : throw new ArgumentException($"{name}: '{part}' is not a whole number.")).ToArray();

    /// <summary>Prints each trained (cell, gap) as it finishes.</summary>
    private sealed class RowProgress : IProgress<GapSweepRow>
    {
        public void Report(GapSweepRow row) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{row.Cell.ToName(),-14} gap {row.Gap,4}: accuracy {row.Accuracy,7:P1}  train loss {row.TrainLoss:F3}  ({row.Seconds:F1} s)"));
    }
}
