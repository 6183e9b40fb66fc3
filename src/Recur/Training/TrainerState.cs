namespace Recur.Training;

/// <summary>Where training stands: enough, with the weights and optimiser state, to resume exactly.</summary>
public sealed class TrainerState
{
    /// <summary>0-based epoch in progress (or next to start when <see cref="Batch"/> is 0).</summary>
    public int Epoch { get; set; }

    /// <summary>Batches of <see cref="Epoch"/> already trained on.</summary>
    public int Batch { get; set; }

    /// <summary>Optimiser steps so far.</summary>
    public long Step { get; set; }

    /// <summary>Best validation loss so far (∞ before the first).</summary>
    public double BestValidLoss { get; set; } = double.PositiveInfinity;

    /// <summary>Σ loss·tokens and Σ tokens of the epoch in progress, so the epoch's mean survives a resume.</summary>
    public double EpochLossSum { get; set; }

    /// <summary>Tokens counted in <see cref="EpochLossSum"/>.</summary>
    public long EpochTokens { get; set; }

    /// <summary>Training targets (tokens) stepped on so far, over every epoch and resume.</summary>
    public long Tokens { get; set; }

    /// <summary>Batches whose step was skipped because their loss or gradient was not finite (<see cref="NonFiniteAction.Skip"/>).</summary>
    public long SkippedSteps { get; set; }

    /// <summary>Training seconds before this run (resumed runs add to it).</summary>
    public double ElapsedSeconds { get; set; }
}
