using System.Globalization;
using Recur.Metrics;
using Recur.Text;

namespace Recur.Cli.Commands;

/// <summary>How classification scores are printed.</summary>
internal static class ClassifyReport
{
    /// <summary>One line: accuracy and macro-F1.</summary>
    public static string Short(ConfusionMatrix m) =>
        string.Create(CultureInfo.InvariantCulture, $"accuracy {100 * m.Accuracy:F2}%, macro-F1 {100 * m.MacroF1:F2}");

    /// <summary>Accuracy, macro-F1, per-class precision, recall and F1, and the confusion matrix.</summary>
    public static void Write(TextWriter output, ConfusionMatrix m, LabelSet labels)
    {
        long correct = (long)Math.Round(m.Accuracy * m.Total);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"accuracy {100 * m.Accuracy:F2}% ({correct} of {m.Total}), macro-F1 {100 * m.MacroF1:F2}"));
        int width = Math.Max(5, labels.Labels.Max(l => l.Length));
        output.WriteLine($"{"class".PadRight(width)}  precision  recall      F1  support");
        for (int k = 0; k < labels.Count; k++)
        {
            var c = m.ForClass(k);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{labels.Label(k).PadRight(width)}  {100 * c.Precision,8:F2}%  {100 * c.Recall,6:F2}%  {100 * c.F1,6:F2}  {c.Gold,7}"));
        }
        output.WriteLine("confusion matrix (rows: gold class, columns: predicted class):");
        output.Write(m.Format(labels.Labels));
    }
}
