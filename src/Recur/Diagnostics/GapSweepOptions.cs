using Recur.Cells;

namespace Recur.Diagnostics;

/// <summary>What <see cref="GapSweep"/> trains: which task, gaps and cells, the model size and the training budget.</summary>
/// <param name="Task">The task.</param>
/// <param name="Gaps">The gaps to train at, each ≥ 0.</param>
/// <param name="Cells">The cell forms to compare.</param>
public sealed record GapSweepOptions(LongRangeTaskKind Task, IReadOnlyList<int> Gaps, IReadOnlyList<CellKind> Cells)
{
    /// <summary>Hidden units of the one-layer, one-direction encoder (default 32).</summary>
    public int HiddenSize { get; init; } = 32;

    /// <summary>Embedding width (default 16).</summary>
    public int EmbeddingSize { get; init; } = 16;

    /// <summary>Optimiser steps per (cell, gap), each on a fresh batch (default 600).</summary>
    public int TrainSteps { get; init; } = 600;

    /// <summary>Examples per step (default 32).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam's learning rate (default 3e-3).</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Global-norm clipping threshold (default 5).</summary>
    public double ClipNorm { get; init; } = 5;

    /// <summary>Held-out examples the accuracy is measured on (default 512).</summary>
    public int TestExamples { get; init; } = 512;

    /// <summary>
    /// Initial bias of the gate that keeps the old state, or null (default) for PyTorch's initialisation: the LSTM forget gate
    /// (b_ih's f block, b_hh's f block 0) and the GRU update gate z (b_ih's z block, b_hh's z block 0); the plain RNN has none.
    /// </summary>
    public double? MemoryBias { get; init; }

    /// <summary>Seed of the data, initialisation and shuffling; the same for every cell (default 1).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Gaps is null || Gaps.Count == 0) throw new ArgumentException("Give at least one gap.", nameof(Gaps));
        if (Gaps.Any(g => g < 0)) throw new ArgumentException("Gaps must not be negative.", nameof(Gaps));
        if (Cells is null || Cells.Count == 0) throw new ArgumentException("Give at least one cell.", nameof(Cells));
        if (HiddenSize <= 0) throw new ArgumentException($"Hidden size must be positive, got {HiddenSize}.", nameof(HiddenSize));
        if (EmbeddingSize <= 0) throw new ArgumentException($"Embedding size must be positive, got {EmbeddingSize}.", nameof(EmbeddingSize));
        if (TrainSteps <= 0) throw new ArgumentException($"Training steps must be positive, got {TrainSteps}.", nameof(TrainSteps));
        if (BatchSize <= 0) throw new ArgumentException($"Batch size must be positive, got {BatchSize}.", nameof(BatchSize));
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"Learning rate must be positive, got {LearningRate}.", nameof(LearningRate));
        if (!(ClipNorm > 0)) throw new ArgumentException($"Clip norm must be positive, got {ClipNorm}.", nameof(ClipNorm));
        if (TestExamples <= 0) throw new ArgumentException($"Test examples must be positive, got {TestExamples}.", nameof(TestExamples));
    }
}
