namespace Recur.Training;

/// <summary>What <see cref="Trainer{T, TBatch}"/> does when a step's loss or gradient is NaN or infinite.</summary>
public enum NonFiniteAction
{
    /// <summary>Throw <see cref="TrainingDivergedException"/>: the weights stay as after the last good step.</summary>
    Stop,

    /// <summary>
    /// Leave the weights and optimiser state as they are, count the step in <see cref="TrainerState.SkippedSteps"/> and go
    /// on with the next batch; training still stops after <see cref="Trainer{T, TBatch}.MaxConsecutiveSkips"/> skips in a row.
    /// </summary>
    Skip,
}
