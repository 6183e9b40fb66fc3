using System.Globalization;
using System.Text;
using Recur.IO;
using Recur.Training;

namespace Recur.Diagnostics;

/// <summary>The gradient flow of one model (see <see cref="GradientFlow"/>), with CSV and chart output for several models.</summary>
/// <param name="Model">The model's label, e.g. its cell name or checkpoint.</param>
/// <param name="Series">One series per layer and direction.</param>
/// <param name="Sequences">How many sequences were measured.</param>
public sealed record GradientFlowResult(string Model, IReadOnlyList<GradientFlowSeries> Series, int Sequences)
{
    /// <summary>The CSV header of <see cref="SaveCsv"/>.</summary>
    public const string CsvHeader = "model,layer,direction,distance,mean_norm,relative_norm,sequences";

    /// <summary>
    /// Writes every series of every result as rows <c>model,layer,direction,distance,mean_norm,relative_norm,sequences</c>
    /// (direction <c>forward</c> or <c>reverse</c>; relative_norm = mean_norm / mean_norm at distance 0) atomically.
    /// </summary>
    /// <exception cref="ArgumentException">A model label holds a comma, quote or line break.</exception>
    public static void SaveCsv(string path, IEnumerable<GradientFlowResult> results)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder(CsvHeader).Append('\n');
        foreach (var result in results)
        {
            if (result.Model.AsSpan().IndexOfAny(",\"\r\n") >= 0)
                throw new ArgumentException($"The model label '{result.Model}' may not hold commas, quotes or line breaks.", nameof(results));
            foreach (var s in result.Series)
                for (int k = 0; k < s.MeanNorm.Length; k++)
                {
                    if (s.Count[k] == 0) continue;
                    text.Append(CultureInfo.InvariantCulture,
                        $"{result.Model},{s.Layer},{(s.Direction == 0 ? "forward" : "reverse")},{k},{s.MeanNorm[k]:R},{s.Relative(k):R},{s.Count[k]}\n");
                }
        }
        string content = text.ToString();
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            writer.Write(content);
        });
    }

    /// <summary>
    /// A chart of the mean ‖∂L/∂h⟨T−k⟩‖ against the distance k, log scale, one line per model, layer and direction:
    /// a line that falls by decades is a vanishing gradient.
    /// </summary>
    public static LossPlot ToPlot(IEnumerable<GradientFlowResult> results, string title)
    {
        ArgumentNullException.ThrowIfNull(results);
        var plot = new LossPlot(title)
        {
            XLabel = "distance back in time k (steps before the loss)", YLabel = "mean ‖∂L/∂h⟨T−k⟩‖", LogScale = true,
        };
        var list = results.ToList();
        foreach (var result in list)
            foreach (var s in result.Series)
            {
                bool several = list.Any(r => r.Series.Count > 1);
                string name = several ? $"{result.Model} {s.PartName}" : result.Model;
                plot.AddSeries(name, Enumerable.Range(0, s.MeanNorm.Length).Select(k => ((double)k, s.MeanNorm[k])));
            }
        return plot;
    }
}
