namespace Recur.Training;

/// <summary>The loss or the gradient became NaN or infinite; training stopped without saving the bad weights.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="step">Optimiser step at which it happened.</param>
    /// <param name="what">What was not finite, e.g. "loss" or "gradient of rnn.weight_hh_l1".</param>
    public TrainingDivergedException(long step, string what) : this(step, what, null)
    {
    }

    /// <summary>Creates the exception with a detail on where the non-finite values are.</summary>
    /// <param name="step">Optimiser step at which it happened.</param>
    /// <param name="what">What was not finite, e.g. "loss" or "gradient of rnn.weight_hh_l1".</param>
    /// <param name="detail">Where it began or why, e.g. which tensors hold non-finite values; null for none.</param>
    public TrainingDivergedException(long step, string what, string? detail)
        : base($"Training diverged at step {step}: the {what} is not finite{(detail is null ? "" : $" ({detail})")}. " +
               "The last good checkpoint is kept; try a lower learning rate or gradient clipping.")
    {
        Step = step;
        What = what;
        Detail = detail;
    }

    /// <summary>Optimiser step at which it happened.</summary>
    public long Step { get; }

    /// <summary>What was not finite.</summary>
    public string What { get; }

    /// <summary>Where it began or why, or null.</summary>
    public string? Detail { get; }
}
