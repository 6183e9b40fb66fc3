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
    /// <param name="logGradNorm">Log every step's gradient norm to <see cref="GradientNormFiles.Csv"/> and its chart (a resumed
    /// run continues the log), written when the session ends however it ends.</param>
    /// <exception cref="IOException">A checkpoint could not be written (e.g. the disk is full); the previous one is kept.</exception>
    /// <exception cref="TrainingDivergedException">A step was not finite (see <see cref="TrainOptions.OnNonFinite"/>).</exception>
    public static Result Run<TBatch>(Trainer<float, TBatch> trainer, IBatchSource<TBatch> train, IBatchSource<TBatch>? valid,
        string outDir, bool resume, Action<string> save, string items = "tokens", Func<double, string>? validMetric = null,
        bool logGradNorm = false)
        where TBatch : class, new()
    {
        if (!logGradNorm) return RunEpochs(trainer, train, valid, outDir, resume, save, items, validMetric);
        var gradientNorms = GradientNormFiles.Attach(trainer, outDir, resume);
        try
        {
            return RunEpochs(trainer, train, valid, outDir, resume, save, items, validMetric);
        }
        finally
        {
            // Also when training diverged: the steps before it are what shows the exploding gradient.
            GradientNormFiles.Save(gradientNorms, outDir, trainer.Options.ClipNorm);
        }
    }

    private static Result RunEpochs<TBatch>(Trainer<float, TBatch> trainer, IBatchSource<TBatch> train, IBatchSource<TBatch>? valid,
        string outDir, bool resume, Action<string> save, string items, Func<double, string>? validMetric)
        where TBatch : class, new()
    {
        string latest = Path.Combine(outDir, RunFiles.Latest), best = Path.Combine(outDir, RunFiles.Best);
        Directory.CreateDirectory(outDir);
        RemoveTemporaryFiles(outDir);
        FaultInjection.Install(trainer);
        string metricsPath = Path.Combine(outDir, RunFiles.Metrics);
        var metrics = resume && File.Exists(metricsPath) ? MetricsLog.Load(metricsPath) : new MetricsLog(metricsPath);
        if (metrics.Rows.Count > trainer.State.Epoch) metrics.Truncate(trainer.State.Epoch);

        // The step each checkpoint file holds, for the message when a later save fails.
        var savedStep = new Dictionary<string, long>(StringComparer.Ordinal);
        if (resume && File.Exists(latest)) savedStep[latest] = trainer.State.Step;
        void Save(string path)
        {
            try
            {
                save(path);
                savedStep[path] = trainer.State.Step;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                string why = CommandRunner.IsDiskFull(e) ? "the disk is full" : Innermost(e).Message.ReplaceLineEndings(" ");
                string kept = !File.Exists(path) ? "no earlier checkpoint was written there"
                    : savedStep.TryGetValue(path, out long step) ? $"the previous checkpoint (step {step}) is kept" : "the previous checkpoint is kept";
                throw new IOException($"cannot save {path}: {why}; training stopped and {kept}.", e);
            }
        }

        using var cancel = new CancellationTokenSource();
        // A first Ctrl-C stops training at the next step and saves; a second one ends the process at once (the checkpoint
        // being written, if any, is then not renamed into place, and the previous one stays).
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = !cancel.IsCancellationRequested; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; cancel.Cancel(); });
        var progress = new ProgressLine();
        double? lastValidLoss = null;
        long skippedAtEpochStart = trainer.State.SkippedSteps;
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
                Save(latest);
                bool isBest = result.ValidLoss <= trainer.State.BestValidLoss || !double.IsFinite(result.ValidLoss);
                if (isBest) Save(best);
                string extra = validMetric is not null && double.IsFinite(result.ValidLoss) ? "  " + validMetric(result.ValidLoss) : "";
                long skipped = trainer.State.SkippedSteps - skippedAtEpochStart;
                skippedAtEpochStart = trainer.State.SkippedSteps;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"epoch {result.Epoch + 1}/{trainer.Options.Epochs}  train loss {result.TrainLoss:F4}  valid loss {result.ValidLoss:F4}{extra}  " +
                    $"{result.TokensPerSecond:N0} {items}/s{(isBest ? "  (best)" : "")}{(skipped > 0 ? $"  {skipped} non-finite steps skipped" : "")}"));
            }, () =>
            {
                progress.Clear();
                Save(latest);
                var s = trainer.State;
                // One line per checkpoint within an epoch: what the soak script reads its throughput from.
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"recur: saved {latest}: epoch {s.Epoch + 1} batch {s.Batch}, step {s.Step}, {s.Tokens} {items} in {s.ElapsedSeconds:F1} s"));
            }, cancel.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            progress.Clear();
        }
        if (trainer.State.SkippedSteps > 0)
            Console.Error.WriteLine($"recur: {trainer.State.SkippedSteps} steps skipped for a non-finite loss or gradient (--on-nonfinite skip); last at {trainer.LastSkipReason}.");
        if (finished) return new Result(true, false, lastValidLoss);
        Save(latest);
        if (!File.Exists(best)) Save(best);
        if (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine($"recur: interrupted; saved {latest} (continue with the same command and --out {outDir} --resume).");
            return new Result(false, true, lastValidLoss);
        }
        Console.Error.WriteLine($"recur: time budget reached; saved {latest}.");
        return new Result(false, false, lastValidLoss);
    }

    /// <summary>"N steps", with the skipped ones when there are any, for the summary line.</summary>
    public static string Steps(TrainerState state) =>
        state.SkippedSteps == 0 ? $"{state.Step} steps" : $"{state.Step} steps ({state.SkippedSteps} more skipped: non-finite)";

    /// <summary>Deletes the temporary files a killed run left beside its checkpoints, metrics and plot.</summary>
    private static void RemoveTemporaryFiles(string outDir)
    {
        foreach (string name in new[] { RunFiles.Latest, RunFiles.Best, RunFiles.Metrics, RunFiles.Plot })
            foreach (string leftover in Directory.EnumerateFiles(outDir, name + RunFiles.TemporaryMarker + "*"))
                File.Delete(leftover);
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
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
