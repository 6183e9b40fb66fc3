namespace Recur.Training;

/// <summary>A progress report during training, for a progress bar.</summary>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="Epochs">Total epochs.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Step">Optimiser steps so far.</param>
/// <param name="Loss">Mean training loss over the steps since the last report.</param>
/// <param name="TokensPerSecond">Training throughput since the last report.</param>
/// <param name="Elapsed">Time since training (or this resume) started.</param>
/// <param name="Remaining">Estimated time to the end, or null when unknown.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, long Step, double Loss,
    double TokensPerSecond, TimeSpan Elapsed, TimeSpan? Remaining);
