using System.Numerics;

namespace Recur.Metrics;

/// <summary>
/// The polyphonic-music metric of Boulanger-Lewandowski et al. (2012), Chung et al. (2014) and Bai et al. (2018):
/// each frame is a binary vector y over K pitches, predicted by independent Bernoulli probabilities p, and its negative
/// log-likelihood is NLL(y) = −Σ_k [y_k·ln p_k + (1 − y_k)·ln(1 − p_k)] nats. The metric is the mean over every
/// predicted frame of the evaluated sequences pooled together (frames 2…T of each sequence: the first has no
/// context), i.e. the total NLL divided by the number of predicted frames. This accumulator adds frames one at a time.
/// </summary>
public sealed class FrameNll
{
    /// <summary>Σ of the frames' NLL (nats).</summary>
    public double Total { get; private set; }

    /// <summary>Number of frames added.</summary>
    public long Frames { get; private set; }

    /// <summary>Total / Frames: the mean NLL per frame; NaN before any frame.</summary>
    public double Mean => Frames == 0 ? double.NaN : Total / Frames;

    /// <summary>Adds a frame predicted as logits z (p = σ(z)).</summary>
    /// <param name="logits">[K] logits.</param>
    /// <param name="targets">[K] 0 or 1: whether each pitch sounds.</param>
    /// <exception cref="ArgumentException">The lengths differ or a target is not 0 or 1.</exception>
    public void AddLogits<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> targets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Total += FromLogits(logits, targets);
        Frames++;
    }

    /// <summary>Adds a frame predicted as probabilities p.</summary>
    /// <param name="probabilities">[K] probabilities in [0, 1].</param>
    /// <param name="targets">[K] 0 or 1.</param>
    /// <exception cref="ArgumentException">The lengths differ, a probability is outside [0, 1] or a target is not 0 or 1.</exception>
    public void AddProbabilities(ReadOnlySpan<double> probabilities, ReadOnlySpan<double> targets)
    {
        Total += FromProbabilities(probabilities, targets);
        Frames++;
    }

    /// <summary>Adds the frames of another accumulator.</summary>
    public void Add(FrameNll other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Total += other.Total;
        Frames += other.Frames;
    }

    /// <summary>One frame's NLL from logits, computed in double without overflow.</summary>
    /// <exception cref="ArgumentException">The lengths differ or a target is not 0 or 1.</exception>
    public static double FromLogits<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> targets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (logits.Length != targets.Length) throw new ArgumentException($"{logits.Length} logits for {targets.Length} targets.", nameof(targets));
        double sum = 0;
        for (int k = 0; k < logits.Length; k++)
        {
            double z = double.CreateChecked(logits[k]), y = double.CreateChecked(targets[k]);
            if (y is not (0 or 1)) throw new ArgumentException($"Target {y} at {k} is not 0 or 1.", nameof(targets));
            // −ln σ(z) = softplus(−z);  −ln(1 − σ(z)) = softplus(z);  softplus(x) = max(x, 0) + ln(1 + e^(−|x|))
            sum += Softplus(y == 1 ? -z : z);
        }
        return sum;
    }

    /// <summary>One frame's NLL from probabilities; +∞ when a sounding pitch has p = 0 or a silent one p = 1.</summary>
    /// <exception cref="ArgumentException">The lengths differ, a probability is outside [0, 1] or a target is not 0 or 1.</exception>
    public static double FromProbabilities(ReadOnlySpan<double> probabilities, ReadOnlySpan<double> targets)
    {
        if (probabilities.Length != targets.Length)
            throw new ArgumentException($"{probabilities.Length} probabilities for {targets.Length} targets.", nameof(targets));
        double sum = 0;
        for (int k = 0; k < probabilities.Length; k++)
        {
            double p = probabilities[k], y = targets[k];
            if (!(p >= 0 && p <= 1)) throw new ArgumentException($"Probability {p} at {k} is outside [0, 1].", nameof(probabilities));
            if (y is not (0 or 1)) throw new ArgumentException($"Target {y} at {k} is not 0 or 1.", nameof(targets));
            sum -= y == 1 ? Math.Log(p) : Math.Log(1 - p);
        }
        return sum;
    }

    private static double Softplus(double x) => Math.Max(x, 0) + Log1P(Math.Exp(-Math.Abs(x)));

    /// <summary>ln(1 + x) for x ≥ 0, accurate for tiny x: with u = 1 + x rounded, ln(u)·x/(u − 1) cancels the rounding of u.</summary>
    private static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }
}
