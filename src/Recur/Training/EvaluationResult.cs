namespace Recur.Training;

/// <summary>A language model's loss on held-out text.</summary>
/// <param name="Loss">Mean negative log-likelihood per predicted token, in nats (NaN when nothing was predicted).</param>
/// <param name="Tokens">Number of predicted tokens the mean is over.</param>
public sealed record EvaluationResult(double Loss, long Tokens)
{
    /// <summary>exp(<see cref="Loss"/>).</summary>
    public double Perplexity => Math.Exp(Loss);
}
