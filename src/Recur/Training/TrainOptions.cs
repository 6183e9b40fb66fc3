namespace Recur.Training;

/// <summary>How a model is trained: length, optimiser, schedule, clipping and seed.</summary>
public sealed record TrainOptions
{
    /// <summary>Number of passes over the training data (default 10). Training also stops at <see cref="TimeBudget"/>.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Wall-clock limit; null for none.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Sequences per batch (default 32).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Window length for stream corpora, the truncated-BPTT length (default 64).</summary>
    public int SeqLen { get; init; } = 64;

    /// <summary><c>sgd</c>, <c>adam</c> (default), <c>adamw</c> or <c>rmsprop</c>.</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>Initial learning rate (default 2e-3).</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>SGD/RMSprop momentum (default 0).</summary>
    public double Momentum { get; init; }

    /// <summary>Weight decay (default 0).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Factor applied to the learning rate after each epoch from <see cref="DecayAfter"/> on (default 1: constant).</summary>
    public double LrDecay { get; init; } = 1.0;

    /// <summary>First epoch (1-based) after which the learning rate decays (default 1).</summary>
    public int DecayAfter { get; init; } = 1;

    /// <summary>Clip the global gradient norm to this value; null for no norm clipping (default 5).</summary>
    public double? ClipNorm { get; init; } = 5.0;

    /// <summary>Clip every gradient element to ±this value; null for none.</summary>
    public double? ClipValue { get; init; }

    /// <summary>
    /// Initialisation range R: every parameter drawn from U(−R, R) (see <see cref="Models.LanguageModel{T}.Reset(Rng, double)"/>;
    /// Zaremba et al. use 0.1, 0.05 and 0.04); null (default) for PyTorch's per-module initialisation.
    /// </summary>
    public double? InitRange { get; init; }

    /// <summary>Seed of initialisation, shuffling and dropout (default 1).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>What to do with a step whose loss or gradient is not finite (default <see cref="NonFiniteAction.Stop"/>).</summary>
    public NonFiniteAction OnNonFinite { get; init; }

    /// <summary>
    /// Within an epoch, ask for a checkpoint once this much training time has passed since the last one (the trainer's
    /// <c>checkpoint</c> callback; epoch ends always have one); null for none.
    /// </summary>
    public TimeSpan? CheckpointInterval { get; init; }

    /// <summary>Within an epoch, ask for a checkpoint after every this many batches; null for none.</summary>
    public int? CheckpointSteps { get; init; }

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Epochs <= 0) throw new ArgumentException($"Epochs must be positive, got {Epochs}.", nameof(Epochs));
        if (TimeBudget is TimeSpan t && t <= TimeSpan.Zero) throw new ArgumentException($"Time budget must be positive, got {t.TotalSeconds} s.", nameof(TimeBudget));
        if (BatchSize <= 0) throw new ArgumentException($"Batch size must be positive, got {BatchSize}.", nameof(BatchSize));
        if (SeqLen <= 0) throw new ArgumentException($"Sequence length must be positive, got {SeqLen}.", nameof(SeqLen));
        if (Optimizer is not ("sgd" or "adam" or "adamw" or "rmsprop"))
            throw new ArgumentException($"Unknown optimiser '{Optimizer}'. Expected sgd, adam, adamw or rmsprop.", nameof(Optimizer));
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"Learning rate must be positive, got {LearningRate}.", nameof(LearningRate));
        if (!(LrDecay > 0 && LrDecay <= 1)) throw new ArgumentException($"Learning-rate decay must be in (0, 1], got {LrDecay}.", nameof(LrDecay));
        if (DecayAfter < 0) throw new ArgumentException($"Decay-after must be ≥ 0, got {DecayAfter}.", nameof(DecayAfter));
        if (ClipNorm is double n && !(n > 0)) throw new ArgumentException($"Clip norm must be positive, got {n}.", nameof(ClipNorm));
        if (ClipValue is double v && !(v > 0)) throw new ArgumentException($"Clip value must be positive, got {v}.", nameof(ClipValue));
        if (InitRange is double r && (!(r > 0) || double.IsInfinity(r)))
            throw new ArgumentException($"Initialisation range must be positive and finite, got {r}.", nameof(InitRange));
        if (!(Momentum >= 0 && Momentum < 1)) throw new ArgumentException($"Momentum must be in [0, 1), got {Momentum}.", nameof(Momentum));
        if (!(WeightDecay >= 0)) throw new ArgumentException($"Weight decay must be ≥ 0, got {WeightDecay}.", nameof(WeightDecay));
        if (OnNonFinite is not (NonFiniteAction.Stop or NonFiniteAction.Skip))
            throw new ArgumentException($"Unknown non-finite action {(int)OnNonFinite}.", nameof(OnNonFinite));
        if (CheckpointInterval is TimeSpan c && c <= TimeSpan.Zero)
            throw new ArgumentException($"Checkpoint interval must be positive, got {c.TotalSeconds} s.", nameof(CheckpointInterval));
        if (CheckpointSteps is int k && k <= 0) throw new ArgumentException($"Checkpoint steps must be positive, got {k}.", nameof(CheckpointSteps));
    }

    /// <summary>The learning rate of a 0-based epoch: LearningRate·LrDecay^max(0, epoch + 1 − DecayAfter).</summary>
    public double LearningRateAt(int epoch) => LearningRate * Math.Pow(LrDecay, Math.Max(0, epoch + 1 - DecayAfter));
}
