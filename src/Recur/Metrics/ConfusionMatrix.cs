using System.Globalization;
using System.Text;

namespace Recur.Metrics;

/// <summary>
/// Counts of (gold class, predicted class) pairs over K classes, with accuracy, per-class precision, recall and F1,
/// and their unweighted (macro) mean.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;

    /// <summary>An empty K × K matrix.</summary>
    /// <exception cref="ArgumentOutOfRangeException">K is not positive.</exception>
    public ConfusionMatrix(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        Classes = classes;
        _counts = new long[classes * classes];
    }

    /// <summary>K.</summary>
    public int Classes { get; }

    /// <summary>Items counted.</summary>
    public long Total { get; private set; }

    /// <summary>Items of gold class <paramref name="gold"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int gold, int predicted] => _counts[Index(gold, nameof(gold)) * Classes + Index(predicted, nameof(predicted))];

    /// <summary>Counts one item.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A class is outside 0..K−1.</exception>
    public void Add(int gold, int predicted)
    {
        _counts[Index(gold, nameof(gold)) * Classes + Index(predicted, nameof(predicted))]++;
        Total++;
    }

    /// <summary>Σ_k M[k, k] / Total; NaN when empty.</summary>
    public double Accuracy
    {
        get
        {
            long correct = 0;
            for (int k = 0; k < Classes; k++) correct += _counts[k * Classes + k];
            return Total == 0 ? double.NaN : (double)correct / Total;
        }
    }

    /// <summary>Counts of one class: correct M[k, k], predicted Σ_g M[g, k], gold Σ_p M[k, p].</summary>
    public PrecisionRecall ForClass(int k)
    {
        Index(k, nameof(k));
        long predicted = 0, gold = 0;
        for (int j = 0; j < Classes; j++)
        {
            predicted += _counts[j * Classes + k];
            gold += _counts[k * Classes + j];
        }
        return new PrecisionRecall(_counts[k * Classes + k], predicted, gold);
    }

    /// <summary>
    /// The mean F1 over the classes that occur in the gold or the predicted labels (scikit-learn's <c>f1_score(average=
    /// "macro")</c> with its default label set); a class with no correct item counts 0. NaN when empty.
    /// </summary>
    public double MacroF1
    {
        get
        {
            double sum = 0;
            int present = 0;
            for (int k = 0; k < Classes; k++)
            {
                var c = ForClass(k);
                if (c.Gold == 0 && c.Predicted == 0) continue;
                sum += c.F1;
                present++;
            }
            return present == 0 ? double.NaN : sum / present;
        }
    }

    /// <summary>The matrix as aligned text: one row per gold class, one column per predicted class.</summary>
    /// <param name="names">Class names, K of them.</param>
    /// <exception cref="ArgumentException">The number of names is not K.</exception>
    public string Format(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count != Classes) throw new ArgumentException($"Expected {Classes} class names, got {names.Count}.", nameof(names));
        int width = Math.Max(names.Max(n => n.Length), _counts.Length == 0 ? 1 : _counts.Max().ToString(CultureInfo.InvariantCulture).Length);
        int first = Math.Max(names.Max(n => n.Length), "gold \\ predicted".Length);
        var sb = new StringBuilder();
        sb.Append("gold \\ predicted".PadRight(first));
        foreach (string n in names) sb.Append("  ").Append(n.PadLeft(width));
        sb.Append('\n');
        for (int g = 0; g < Classes; g++)
        {
            sb.Append(names[g].PadRight(first));
            for (int p = 0; p < Classes; p++)
                sb.Append("  ").Append(_counts[g * Classes + p].ToString(CultureInfo.InvariantCulture).PadLeft(width));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private int Index(int k, string name)
    {
        if ((uint)k >= (uint)Classes) throw new ArgumentOutOfRangeException(name, k, $"Classes are 0..{Classes - 1}.");
        return k;
    }
}
