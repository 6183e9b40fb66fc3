namespace Recur.Metrics;

/// <summary>
/// Counts behind precision, recall and F1 for one class or entity type (or all of them together).
/// </summary>
/// <param name="Correct">Items both predicted and in the gold standard (true positives).</param>
/// <param name="Predicted">Items predicted (true plus false positives).</param>
/// <param name="Gold">Items in the gold standard (true positives plus false negatives).</param>
public readonly record struct PrecisionRecall(long Correct, long Predicted, long Gold)
{
    /// <summary>Correct / Predicted, in [0, 1]; 0 when nothing was predicted (conlleval's and scikit-learn's convention).</summary>
    public double Precision => Predicted == 0 ? 0 : (double)Correct / Predicted;

    /// <summary>Correct / Gold, in [0, 1]; 0 when the gold standard has none.</summary>
    public double Recall => Gold == 0 ? 0 : (double)Correct / Gold;

    // F1 = 2·P·R / (P + R)
    /// <summary>The harmonic mean of <see cref="Precision"/> and <see cref="Recall"/>; 0 when both are 0.</summary>
    public double F1
    {
        get
        {
            double p = Precision, r = Recall;
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /// <summary>The sum of two sets of counts.</summary>
    public static PrecisionRecall operator +(PrecisionRecall a, PrecisionRecall b) =>
        new(a.Correct + b.Correct, a.Predicted + b.Predicted, a.Gold + b.Gold);
}
