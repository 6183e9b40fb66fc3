using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
using Recur.Layers;
using Recur.Models;
using Recur.Optim;
using Recur.Text;

namespace Recur.Training;

/// <summary>
/// Trains any <see cref="ITrainable{T, TBatch}"/>: per batch a forward pass, backpropagation (through time), gradient
/// clipping and an optimiser step; after each epoch a validation pass. The epoch's batch order depends only on the epoch,
/// and the dropout generator, optimiser state and position are all part of <see cref="TrainerState"/> and the checkpoint,
/// so a resumed run continues exactly as if never interrupted.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
/// <typeparam name="TBatch">Batch type.</typeparam>
public class Trainer<T, TBatch> where T : unmanaged, IFloatingPointIeee754<T> where TBatch : class, new()
{
    private readonly TBatch _batch = new();

    /// <summary>Creates a trainer; the optimiser is made from <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public Trainer(ITrainable<T, TBatch> model, TrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Model = model;
        Options = options;
        Optimizer = CreateOptimizer(options, model.Store.Count);
        DropoutRng = new Rng(options.Seed ^ 0xD50F_0A7E_5EEDUL);
    }

    /// <summary>The model being trained.</summary>
    public ITrainable<T, TBatch> Model { get; }

    /// <summary>The training options.</summary>
    public TrainOptions Options { get; }

    /// <summary>The optimiser (its state is checkpointed).</summary>
    public Optimizer<T> Optimizer { get; }

    /// <summary>Source of dropout masks (its state is checkpointed).</summary>
    public Rng DropoutRng { get; }

    /// <summary>Position and running sums (checkpointed).</summary>
    public TrainerState State { get; } = new();

    /// <summary>Global gradient norm of the last step, before clipping.</summary>
    public double LastGradientNorm { get; private set; }

    /// <summary>Receives the norm before clipping and whether clipping acted after every step; null (default) for none.</summary>
    public IProgress<GradientNormSample>? GradientNorms { get; set; }

    /// <summary>Most steps skipped in a row under <see cref="NonFiniteAction.Skip"/> before training stops as diverged.</summary>
    public const int MaxConsecutiveSkips = 20;

    /// <summary>What was not finite in the last step skipped under <see cref="NonFiniteAction.Skip"/>, or null.</summary>
    public string? LastSkipReason { get; private set; }

    /// <summary>
    /// Called after each backward pass with the number of the step being taken and the parameters, before the gradients
    /// are checked, clipped and applied: for inspection, or to inject a fault in tests. Null (default) for none.
    /// </summary>
    public Action<long, ParameterStore<T>>? GradientsComputed { get; set; }

    private int _consecutiveSkips;

    /// <summary>
    /// Trains until the last epoch ends, the time budget runs out or <paramref name="cancel"/> fires.
    /// </summary>
    /// <param name="train">Training batches.</param>
    /// <param name="valid">Validation batches, or null.</param>
    /// <param name="progress">Receives a report about every half second; may be null.</param>
    /// <param name="epochEnd">Called after each epoch (metrics, checkpoints); may be null.</param>
    /// <param name="cancel">Stops training between steps (the caller saves a checkpoint).</param>
    /// <returns>True when every epoch finished; false when stopped early by the budget or cancellation.</returns>
    /// <exception cref="TrainingDivergedException">The loss or a gradient became NaN or infinite.</exception>
    public bool Train(IBatchSource<TBatch> train, IBatchSource<TBatch>? valid, IProgress<TrainingProgress>? progress,
        Action<EpochResult>? epochEnd, CancellationToken cancel) => Train(train, valid, progress, epochEnd, null, cancel);

    /// <summary>
    /// Trains until the last epoch ends, the time budget runs out or <paramref name="cancel"/> fires, asking for
    /// checkpoints within epochs as <see cref="TrainOptions.CheckpointInterval"/> and <see cref="TrainOptions.CheckpointSteps"/> say.
    /// </summary>
    /// <param name="train">Training batches.</param>
    /// <param name="valid">Validation batches, or null.</param>
    /// <param name="progress">Receives a report about every half second; may be null.</param>
    /// <param name="epochEnd">Called after each epoch (metrics, checkpoints); may be null.</param>
    /// <param name="checkpoint">
    /// Called between two steps of an epoch when a checkpoint is due; <see cref="State"/> then holds the position after
    /// the last step, so a checkpoint written there resumes exactly. May be null.
    /// </param>
    /// <param name="cancel">Stops training between steps (the caller saves a checkpoint).</param>
    /// <returns>True when every epoch finished; false when stopped early by the budget or cancellation.</returns>
    /// <exception cref="TrainingDivergedException">
    /// The loss or a gradient became NaN or infinite (under <see cref="NonFiniteAction.Skip"/>: in
    /// <see cref="MaxConsecutiveSkips"/> steps in a row).
    /// </exception>
    public bool Train(IBatchSource<TBatch> train, IBatchSource<TBatch>? valid, IProgress<TrainingProgress>? progress,
        Action<EpochResult>? epochEnd, Action? checkpoint, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(train);
        var clock = Stopwatch.StartNew();
        double before = State.ElapsedSeconds;
        long startBatches = (long)State.Epoch * train.BatchCount + State.Batch;
        var epochClock = Stopwatch.StartNew();
        long epochTokens = 0;
        double windowLoss = 0; long windowTokens = 0; var window = Stopwatch.StartNew();
        var sinceCheckpoint = Stopwatch.StartNew();
        int batchesSinceCheckpoint = 0;
        for (; State.Epoch < Options.Epochs; State.Epoch++)
        {
            Optimizer.LearningRate = Options.LearningRateAt(State.Epoch);
            train.StartEpoch(State.Epoch);
            for (int skip = 0; skip < State.Batch; skip++)
                if (!train.Next(_batch)) break;
            if (State.Batch == 0) { State.EpochLossSum = 0; State.EpochTokens = 0; }
            epochClock.Restart();
            epochTokens = 0;
            while (train.Next(_batch))
            {
                if (cancel.IsCancellationRequested || OverBudget(before, clock))
                {
                    State.ElapsedSeconds = before + clock.Elapsed.TotalSeconds;
                    return false;
                }
                int counted = Model.CountItems(_batch);
                double loss = TrainStep(_batch);
                State.Batch++;
                if (!double.IsNaN(loss))
                {
                    State.EpochLossSum += loss * counted;
                    State.EpochTokens += counted;
                    State.Tokens += counted;
                    epochTokens += counted;
                    windowLoss += loss * counted; windowTokens += counted;
                }
                if (progress is not null && window.Elapsed.TotalSeconds >= 0.5)
                {
                    double elapsed = before + clock.Elapsed.TotalSeconds;
                    progress.Report(new TrainingProgress(State.Epoch, Options.Epochs, State.Batch, train.BatchCount, State.Step,
                        windowLoss / Math.Max(1, windowTokens), windowTokens / window.Elapsed.TotalSeconds,
                        TimeSpan.FromSeconds(elapsed), Remaining(train.BatchCount, clock, before, startBatches)));
                    windowLoss = 0; windowTokens = 0; window.Restart();
                }
                batchesSinceCheckpoint++;
                if (checkpoint is not null && CheckpointDue(sinceCheckpoint, batchesSinceCheckpoint))
                {
                    State.ElapsedSeconds = before + clock.Elapsed.TotalSeconds;
                    checkpoint();
                    sinceCheckpoint.Restart();
                    batchesSinceCheckpoint = 0;
                }
            }
            double trainSeconds = epochClock.Elapsed.TotalSeconds;
            double validLoss = valid is null ? double.NaN : Evaluate(valid);
            if (double.IsFinite(validLoss) && validLoss < State.BestValidLoss) State.BestValidLoss = validLoss;
            var result = new EpochResult(State.Epoch, State.Step, State.EpochLossSum / Math.Max(1, State.EpochTokens), validLoss,
                epochTokens / Math.Max(1e-9, trainSeconds), Optimizer.LearningRate,
                TimeSpan.FromSeconds(before + clock.Elapsed.TotalSeconds));
            State.Batch = 0;
            State.ElapsedSeconds = before + clock.Elapsed.TotalSeconds;
            // The callback sees the position of the next epoch, so a checkpoint written there resumes after this one.
            State.Epoch++;
            epochEnd?.Invoke(result);
            State.Epoch--;
            sinceCheckpoint.Restart();
            batchesSinceCheckpoint = 0;
        }
        State.ElapsedSeconds = before + clock.Elapsed.TotalSeconds;
        return true;
    }

    /// <summary>
    /// One optimiser step on one batch; returns its mean loss, or NaN when the step was skipped
    /// (<see cref="NonFiniteAction.Skip"/>: the loss or a gradient was not finite, the weights are unchanged).
    /// </summary>
    /// <exception cref="TrainingDivergedException">
    /// The loss or a gradient is not finite (under <see cref="NonFiniteAction.Skip"/>: for the
    /// <see cref="MaxConsecutiveSkips"/>th step in a row).
    /// </exception>
    public double TrainStep(TBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var store = Model.Store;
        T loss = Model.Forward(batch, DropoutRng);
        if (!T.IsFinite(loss)) return NonFinite(NonFiniteLoss());
        store.ZeroGradients();
        Model.Backward();
        GradientsComputed?.Invoke(State.Step + 1, store);
        double normDouble = GradientClipping.GlobalNormDouble<T>(store.Gradients, scalarOnly: false);
        T norm = T.CreateChecked(normDouble);
        if (!T.IsFinite(norm)) return NonFinite(NonFiniteGradients());
        _consecutiveSkips = 0;
        LastGradientNorm = double.CreateChecked(norm);
        bool clipped = false;
        if (Options.ClipValue is double v)
        {
            if (GradientNorms is not null) clipped = double.CreateChecked(T.Abs(TensorPrimitives.MaxMagnitude<T>(store.Gradients))) > v;
            GradientClipping.ClipByValue(store.Gradients, T.CreateChecked(v));
        }
        if (Options.ClipNorm is double n)
        {
            // Clipping by value changed the gradients, so their norm is taken again; otherwise the one above serves.
            if (Options.ClipValue is not null) normDouble = GradientClipping.GlobalNormDouble<T>(store.Gradients, scalarOnly: false);
            clipped |= GradientClipping.ScaleToMaxNorm(store.Gradients, double.CreateChecked(T.CreateChecked(n)), normDouble);
        }
        Optimizer.Step(store);
        State.Step++;
        GradientNorms?.Report(new GradientNormSample(State.Step, LastGradientNorm, clipped));
        return double.CreateChecked(loss);
    }

    /// <summary>
    /// Called after a step was skipped for a non-finite loss or gradient, before the next batch; the weights and optimiser
    /// state are unchanged. A model that carries state between batches resets it here if it is no longer finite.
    /// </summary>
    protected virtual void OnStepSkipped()
    {
    }

    /// <summary>Mean loss per item over every batch of <paramref name="source"/>, without dropout.</summary>
    public virtual double Evaluate(IBatchSource<TBatch> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var batch = new TBatch();
        source.StartEpoch(0);
        double sum = 0;
        long items = 0;
        while (source.Next(batch))
        {
            int counted = Model.CountItems(batch);
            sum += double.CreateChecked(Model.Forward(batch, null)) * counted;
            items += counted;
        }
        return items == 0 ? double.NaN : sum / items;
    }

    /// <summary>Creates the optimiser named in the options.</summary>
    public static Optimizer<T> CreateOptimizer(TrainOptions options, int parameterCount) => options.Optimizer switch
    {
        "sgd" => new Sgd<T>(parameterCount, new SgdOptions { LearningRate = options.LearningRate, Momentum = options.Momentum, WeightDecay = options.WeightDecay }),
        "adam" => new Adam<T>(parameterCount, new AdamOptions { LearningRate = options.LearningRate, WeightDecay = options.WeightDecay }),
        "adamw" => new AdamW<T>(parameterCount, new AdamWOptions { LearningRate = options.LearningRate, WeightDecay = options.WeightDecay }),
        "rmsprop" => new RmsProp<T>(parameterCount, new RmsPropOptions { LearningRate = options.LearningRate, Momentum = options.Momentum, WeightDecay = options.WeightDecay }),
        _ => throw new ArgumentException($"Unknown optimiser '{options.Optimizer}'.", nameof(options)),
    };

    private double NonFinite((string What, string? Detail) problem)
    {
        long step = State.Step + 1;
        if (Options.OnNonFinite == NonFiniteAction.Stop) throw new TrainingDivergedException(step, problem.What, problem.Detail);
        Model.Store.ZeroGradients();
        State.SkippedSteps++;
        LastSkipReason = $"step {step}: the {problem.What} is not finite{(problem.Detail is null ? "" : $" ({problem.Detail})")}";
        if (++_consecutiveSkips >= MaxConsecutiveSkips)
            throw new TrainingDivergedException(step, problem.What,
                $"{MaxConsecutiveSkips} steps in a row; skipping does not help{(problem.Detail is null ? "" : "; " + problem.Detail)}");
        OnStepSkipped();
        return double.NaN;
    }

    // A loss that is not finite: a weight is (the first in forward order is named), or the activations overflowed.
    private (string, string?) NonFiniteLoss()
    {
        var store = Model.Store;
        foreach (var slot in store.Slots)
            if (!AllFinite(store.Value(slot))) return ("loss", $"weight {slot.Name} holds a non-finite value");
        return ("loss", "every weight is finite: the activations overflowed in the forward pass");
    }

    // The parameter tensors whose gradient is not finite, in forward (store) order. Backpropagation runs from the output
    // back, so the last of them, nearest the output, is where the non-finite values began.
    private (string, string?) NonFiniteGradients()
    {
        var store = Model.Store;
        var bad = new List<string>();
        foreach (var slot in store.Slots)
            if (!AllFinite(store.Gradient(slot))) bad.Add(slot.Name);
        if (bad.Count == 0) return ("gradient norm", "every gradient element is finite; their sum of squares overflowed");
        if (bad.Count == 1) return ($"gradient of {bad[0]}", null);
        return ($"gradient of {bad[0]}", $"first in forward order of {bad.Count} tensors with non-finite gradients; " +
                                          $"the one nearest the output, where backpropagation produced them first, is {bad[^1]}");
    }

    private static bool AllFinite(ReadOnlySpan<T> values)
    {
        foreach (var x in values)
            if (!T.IsFinite(x)) return false;
        return true;
    }

    private bool CheckpointDue(Stopwatch sinceCheckpoint, int batches) =>
        (Options.CheckpointSteps is int steps && batches >= steps)
        || (Options.CheckpointInterval is TimeSpan interval && sinceCheckpoint.Elapsed >= interval);

    private bool OverBudget(double before, Stopwatch clock) =>
        Options.TimeBudget is TimeSpan budget && before + clock.Elapsed.TotalSeconds >= budget.TotalSeconds;

    private TimeSpan? Remaining(int batchesPerEpoch, Stopwatch clock, double before, long startBatches)
    {
        // The rate counts only the batches trained in this run, so a resumed run does not count earlier ones as free.
        long done = (long)State.Epoch * batchesPerEpoch + State.Batch;
        long total = (long)Options.Epochs * batchesPerEpoch;
        double byEpochs = clock.Elapsed.TotalSeconds / Math.Max(1, done - startBatches) * (total - done);
        if (Options.TimeBudget is TimeSpan budget) return TimeSpan.FromSeconds(Math.Min(byEpochs, budget.TotalSeconds - before - clock.Elapsed.TotalSeconds));
        return TimeSpan.FromSeconds(byEpochs);
    }
}
