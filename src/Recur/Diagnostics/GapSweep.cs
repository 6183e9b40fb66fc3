using System.Diagnostics;
using Recur.Cells;
using Recur.Layers;
using Recur.Models;
using Recur.Training;

namespace Recur.Diagnostics;

/// <summary>
/// Trains one small many-to-one classifier per (cell, gap) on a <see cref="LongRangeTask"/> for a fixed number of steps
/// and measures its held-out accuracy: with the same data, size and budget, a plain RNN falls to chance as the gap
/// grows while gated cells still solve the task. Each cell's model at the longest gap also gets its
/// <see cref="GradientFlow"/> measured.
/// </summary>
public static class GapSweep
{
    /// <summary>Held-out examples the gradient flow is measured on.</summary>
    public const int FlowExamples = 128;

    /// <summary>Runs the sweep.</summary>
    /// <param name="options">Task, gaps, cells, size and budget.</param>
    /// <param name="progress">Receives one line per trained (cell, gap); may be null.</param>
    /// <param name="cancel">Stops between training steps.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static GapSweepResult Run(GapSweepOptions options, IProgress<GapSweepRow>? progress, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var rows = new List<GapSweepRow>();
        var flows = new List<GradientFlowResult>();
        int longest = options.Gaps.Max();
        double chance = new LongRangeTask(options.Task, 0).Chance;
        foreach (var cell in options.Cells)
        {
            foreach (int gap in options.Gaps.Distinct().Order())
            {
                var clock = Stopwatch.StartNew();
                var task = new LongRangeTask(options.Task, gap);
                var (model, loss) = Train(task, cell, options, cancel);
                // Held-out data from a generator the training data never used.
                var test = task.Generate(options.TestExamples, new Rng(options.Seed ^ 0x7E57_0000UL ^ (ulong)gap));
                var prediction = ClassifierEvaluation.Predict(model, new ClassificationBatchSource(test, 256, seed: null));
                int correct = 0;
                for (int i = 0; i < test.Length; i++) if (prediction.Labels[i] == test[i].Label) correct++;
                var row = new GapSweepRow(cell, gap, (double)correct / test.Length, loss, clock.Elapsed.TotalSeconds);
                rows.Add(row);
                progress?.Report(row);
                if (gap == longest) flows.Add(GradientFlow.Measure(model, test.Take(FlowExamples).ToArray(), cell.ToName()));
            }
        }
        return new GapSweepResult(options.Task, chance, rows, flows);
    }

    /// <summary>Sets every GRU update gate's bias to <paramref name="bias"/> (b_ih's z block; b_hh's z block 0).</summary>
    private static void SetUpdateGateBias(Stacked<float> rnn, double bias)
    {
        int h = rnn.Options.HiddenSize;
        foreach (var cell in rnn.Cells)
        {
            if (cell.BiasIh is null || cell.BiasHh is null) continue;
            // Gate order (z, n) for the simple GRU, (r, z, n) for the full ones.
            int z = cell.Kind == CellKind.GruSimple ? 0 : h;
            rnn.Store.Value(cell.BiasIh).Slice(z, h).Fill((float)bias);
            rnn.Store.Value(cell.BiasHh).Slice(z, h).Clear();
        }
    }

    /// <summary>Trains one model; returns it and the mean loss of the last tenth of the steps.</summary>
    public static (Classifier<float> Model, double Loss) Train(LongRangeTask task, CellKind cell, GapSweepOptions options,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(options);
        var model = new Classifier<float>(new ClassifierOptions(task.Tokens.Count, task.ClassNames.Count)
        {
            Cell = cell, EmbeddingSize = options.EmbeddingSize, HiddenSize = options.HiddenSize, Bidirectional = false,
            Pooling = Pooling.Last,
        });
        model.Reset(new Rng(options.Seed), forgetBias: cell.HasCellState() ? options.MemoryBias : null);
        if (options.MemoryBias is double bias && cell is CellKind.GruSimple or CellKind.Gru or CellKind.GruResetAfter)
            SetUpdateGateBias(model.Rnn, bias);
        var train = new TrainOptions
        {
            Epochs = 1, BatchSize = options.BatchSize, LearningRate = options.LearningRate, ClipNorm = options.ClipNorm,
            Optimizer = "adam", Seed = options.Seed,
        };
        var trainer = new ClassifierTrainer<float>(model, train);
        var data = task.Generate(options.TrainSteps * options.BatchSize, new Rng(options.Seed ^ (ulong)task.Gap * 0x9E37_79B9UL));
        var source = new ClassificationBatchSource(data, options.BatchSize, options.Seed, bucketByLength: false);
        var batch = new ClassificationBatch();
        source.StartEpoch(0);
        int tail = Math.Max(1, options.TrainSteps / 10), step = 0;
        double tailLoss = 0;
        while (source.Next(batch))
        {
            cancel.ThrowIfCancellationRequested();
            double loss = trainer.TrainStep(batch);
            if (++step > options.TrainSteps - tail) tailLoss += loss;
        }
        return (model, tailLoss / tail);
    }
}
