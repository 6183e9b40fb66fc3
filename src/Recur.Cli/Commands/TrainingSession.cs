using System.Globalization;
using System.Runtime.InteropServices;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary>
/// The part of every training verb that is not about the model: progress bar, Ctrl-C and SIGTERM, metrics.csv and
/// loss.svg, latest and best checkpoints after each epoch, and a checkpoint on interruption or at the time budget.
/// </summary>
internal static class TrainingSession
{
    /// <summary>How a session ended.</summary>
    /// <param name="Finished">Every epoch ran.</param>
    /// <param name="Interrupted">Ctrl-C or SIGTERM stopped it (exit with <see cref="CommandRunner.Interrupted"/>).</param>
    /// <param name="LastValidLoss">Validation loss of the last finished epoch, or null.</param>
    public sealed record Result(bool Finished, bool Interrupted, double? LastValidLoss);

    /// <summary>Trains, writing into <paramref name="outDir"/>.</summary>
    /// <param name="trainer">Trainer (restored already when resuming).</param>
    /// <param name="train">Training batches.</param>
    /// <param name="valid">Validation batches, or null.</param>
    /// <param name="outDir">Run directory.</param>
    /// <param name="resume">Keep the metrics rows of the epochs already done.</param>
    /// <param name="save">Writes a checkpoint (model, its options and vocabularies, and the trainer) to a path.</param>
    /// <param name="items">What the loss averages over, for messages ("tokens", "frames", "examples").</param>
    /// <param name="validMetric">Extra text after the validation loss (e.g. perplexity or accuracy), or null.</param>
    public static Result Run<TBatch>(Trainer<float, TBatch> trainer, IBatchSource<TBatch> train, IBatchSource<TBatch>? valid,
        string outDir, bool resume, Action<string> save, string items = "tokens", Func<double, string>? validMetric = null)
        where TBatch : class, new()
    {
        string latest = Path.Combine(outDir, RunFiles.Latest), best = Path.Combine(outDir, RunFiles.Best);
        Directory.CreateDirectory(outDir);
        string metricsPath = Path.Combine(outDir, RunFiles.Metrics);
        var metrics = resume && File.Exists(metricsPath) ? MetricsLog.Load(metricsPath) : new MetricsLog(metricsPath);
        if (metrics.Rows.Count > trainer.State.Epoch) metrics.Truncate(trainer.State.Epoch);

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; cancel.Cancel(); });
        var progress = new ProgressLine();
        double? lastValidLoss = null;
        bool finished;
        try
        {
            finished = trainer.Train(train, valid, progress, result =>
            {
                progress.Clear();
                lastValidLoss = result.ValidLoss;
                metrics.Append(result.Epoch + 1, result.Step, result.TrainLoss, result.ValidLoss, result.ValidPerplexity,
                    result.TokensPerSecond, result.LearningRate, result.Elapsed.TotalSeconds);
                WritePlot(metrics, Path.Combine(outDir, RunFiles.Plot));
                save(latest);
                bool isBest = result.ValidLoss <= trainer.State.BestValidLoss || !double.IsFinite(result.ValidLoss);
                if (isBest) save(best);
                string extra = validMetric is not null && double.IsFinite(result.ValidLoss) ? "  " + validMetric(result.ValidLoss) : "";
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"epoch {result.Epoch + 1}/{trainer.Options.Epochs}  train loss {result.TrainLoss:F4}  valid loss {result.ValidLoss:F4}{extra}  " +
                    $"{result.TokensPerSecond:N0} {items}/s{(isBest ? "  (best)" : "")}"));
            }, cancel.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            progress.Clear();
        }
        if (finished) return new Result(true, false, lastValidLoss);
        save(latest);
        if (!File.Exists(best)) save(best);
        if (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine($"recur: interrupted; saved {latest} (continue with the same command and --out {outDir} --resume).");
            return new Result(false, true, lastValidLoss);
        }
        Console.Error.WriteLine($"recur: time budget reached; saved {latest}.");
        return new Result(false, false, lastValidLoss);
    }

    private static void WritePlot(MetricsLog metrics, string path)
    {
        var plot = new LossPlot("Loss") { XLabel = "epoch", YLabel = "loss (nats per item)" };
        var columns = metrics.Columns.ToList();
        int epoch = columns.IndexOf("epoch"), trainLoss = columns.IndexOf("train_loss"), validLoss = columns.IndexOf("valid_loss");
        plot.AddSeries("train", metrics.Rows.Select(r => (r[epoch], r[trainLoss])));
        plot.AddSeries("valid", metrics.Rows.Select(r => (r[epoch], r[validLoss])));
        plot.Save(path);
    }
}
