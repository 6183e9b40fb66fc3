using System.Globalization;
using System.Text;
using Recur.Cells;
using Recur.IO;
using Recur.Training;

namespace Recur.Diagnostics;

/// <summary>The accuracies of a <see cref="GapSweep"/> and the gradient flow of each cell's model at the longest gap.</summary>
/// <param name="Task">The task.</param>
/// <param name="Chance">The accuracy of guessing.</param>
/// <param name="Rows">One row per (cell, gap), cells in the order given, gaps ascending.</param>
/// <param name="Flows">Per cell, the gradient flow of its model trained at the longest gap, on held-out examples.</param>
public sealed record GapSweepResult(LongRangeTaskKind Task, double Chance, IReadOnlyList<GapSweepRow> Rows, IReadOnlyList<GradientFlowResult> Flows)
{
    /// <summary>The CSV header of <see cref="SaveCsv"/>.</summary>
    public const string CsvHeader = "task,cell,gap,accuracy,chance,train_loss,seconds";

    /// <summary>Writes one row per (cell, gap) atomically.</summary>
    public void SaveCsv(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var text = new StringBuilder(CsvHeader).Append('\n');
        string task = Task.ToString().ToLowerInvariant();
        foreach (var r in Rows)
            text.Append(CultureInfo.InvariantCulture, $"{task},{r.Cell.ToName()},{r.Gap},{r.Accuracy:R},{Chance:R},{r.TrainLoss:R},{r.Seconds:F2}\n");
        string content = text.ToString();
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            writer.Write(content);
        });
    }

    /// <summary>Accuracy against the gap, one line per cell, and the chance level.</summary>
    public LossPlot ToPlot()
    {
        var plot = new LossPlot($"{Task} task: held-out accuracy against the gap")
        {
            XLabel = "gap (tokens between the key and the query)", YLabel = "accuracy",
        };
        foreach (var cell in Rows.Select(r => r.Cell).Distinct())
            plot.AddSeries(cell.ToName(), Rows.Where(r => r.Cell == cell).Select(r => ((double)r.Gap, r.Accuracy)));
        if (Rows.Count > 0)
            plot.AddSeries("chance", [(Rows.Min(r => r.Gap), Chance), (Rows.Max(r => r.Gap), Chance)]);
        return plot;
    }

    /// <summary>The accuracy table as aligned text: one row per cell, one column per gap.</summary>
    public string ToTable()
    {
        var gaps = Rows.Select(r => r.Gap).Distinct().Order().ToArray();
        var text = new StringBuilder();
        text.Append("cell".PadRight(14));
        foreach (int g in gaps) text.Append(CultureInfo.InvariantCulture, $"{"gap " + g,10}");
        text.Append('\n');
        foreach (var cell in Rows.Select(r => r.Cell).Distinct())
        {
            text.Append(cell.ToName().PadRight(14));
            foreach (int g in gaps)
            {
                var row = Rows.FirstOrDefault(r => r.Cell == cell && r.Gap == g);
                text.Append(row is null ? new string(' ', 10) : string.Create(CultureInfo.InvariantCulture, $"{row.Accuracy,10:P1}"));
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
