using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
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
        Action<EpochResult>? epochEnd, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(train);
        var clock = Stopwatch.StartNew();
        double before = State.ElapsedSeconds;
        long startBatches = (long)State.Epoch * train.BatchCount + State.Batch;
        var epochClock = Stopwatch.StartNew();
        long epochTokens = 0;
        double windowLoss = 0; long windowTokens = 0; var window = Stopwatch.StartNew();
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
                State.EpochLossSum += loss * counted;
                State.EpochTokens += counted;
                State.Tokens += counted;
                epochTokens += counted;
                windowLoss += loss * counted; windowTokens += counted;
                if (progress is not null && window.Elapsed.TotalSeconds >= 0.5)
                {
                    double elapsed = before + clock.Elapsed.TotalSeconds;
                    progress.Report(new TrainingProgress(State.Epoch, Options.Epochs, State.Batch, train.BatchCount, State.Step,
                        windowLoss / Math.Max(1, windowTokens), windowTokens / window.Elapsed.TotalSeconds,
                        TimeSpan.FromSeconds(elapsed), Remaining(train.BatchCount, clock, before, startBatches)));
                    windowLoss = 0; windowTokens = 0; window.Restart();
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
        }
        State.ElapsedSeconds = before + clock.Elapsed.TotalSeconds;
        return true;
    }

    /// <summary>One optimiser step on one batch; returns its mean loss.</summary>
    /// <exception cref="TrainingDivergedException">The loss or a gradient is not finite.</exception>
    public double TrainStep(TBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var store = Model.Store;
        T loss = Model.Forward(batch, DropoutRng);
        if (!T.IsFinite(loss)) throw new TrainingDivergedException(State.Step + 1, "loss");
        store.ZeroGradients();
        Model.Backward();
        T norm = GradientClipping.GlobalNorm<T>(store.Gradients);
        if (!T.IsFinite(norm)) throw new TrainingDivergedException(State.Step + 1, "gradient of " + FirstNonFinite());
        LastGradientNorm = double.CreateChecked(norm);
        bool clipped = false;
        if (Options.ClipValue is double v)
        {
            if (GradientNorms is not null) clipped = double.CreateChecked(T.Abs(TensorPrimitives.MaxMagnitude<T>(store.Gradients))) > v;
            GradientClipping.ClipByValue(store.Gradients, T.CreateChecked(v));
        }
        if (Options.ClipNorm is double n)
        {
            double before = double.CreateChecked(GradientClipping.ClipByGlobalNorm(store.Gradients, T.CreateChecked(n)));
            clipped |= n / (before + GradientClipping.NormEpsilon) < 1;
        }
        Optimizer.Step(store);
        State.Step++;
        GradientNorms?.Report(new GradientNormSample(State.Step, LastGradientNorm, clipped));
        return double.CreateChecked(loss);
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

    private string FirstNonFinite()
    {
        foreach (var slot in Model.Store.Slots)
            foreach (var g in Model.Store.Gradient(slot))
                if (!T.IsFinite(g)) return slot.Name;
        return "the model";
    }

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
