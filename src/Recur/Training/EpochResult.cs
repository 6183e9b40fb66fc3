namespace Recur.Training;

/// <summary>What one finished epoch measured.</summary>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="Step">Optimiser steps so far.</param>
/// <param name="TrainLoss">Mean training loss per token over the epoch.</param>
/// <param name="ValidLoss">Mean validation loss per token, or NaN without validation data.</param>
/// <param name="TokensPerSecond">Training throughput over the epoch, its validation pass not included.</param>
/// <param name="LearningRate">Learning rate used in the epoch.</param>
/// <param name="Elapsed">Time since training started.</param>
public sealed record EpochResult(int Epoch, long Step, double TrainLoss, double ValidLoss, double TokensPerSecond,
    double LearningRate, TimeSpan Elapsed)
{
    /// <summary>exp(validation loss).</summary>
    public double ValidPerplexity => Math.Exp(ValidLoss);
}
