using System.Globalization;
using Recur.Metrics;
using Recur.Models;

namespace Recur.Cli.Commands;

/// <summary>How tagging scores are printed.</summary>
internal static class TagReport
{
    /// <summary>One line: accuracy, and entity F1 with precision and recall for entity tags.</summary>
    public static string Short(TaggerScores scores)
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"accuracy {100 * scores.Accuracy.Value:F2}%");
        if (scores.Entities is EntityScores e)
            text += string.Create(CultureInfo.InvariantCulture,
                $", entity F1 {100 * e.Overall.F1:F2} (precision {100 * e.Overall.Precision:F2}%, recall {100 * e.Overall.Recall:F2}%)");
        return text;
    }

    /// <summary>The full report: token accuracy, then for entity tags conlleval's table, overall and per type.</summary>
    public static void Write(TextWriter output, TaggerScores scores)
    {
        var a = scores.Accuracy;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy {100 * a.Value:F2}% ({a.Correct} of {a.Total} tokens)"));
        if (scores.Entities is not EntityScores e) return;
        var all = e.Overall;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"entities: {all.Gold} in the gold tags, {all.Predicted} found, {all.Correct} correct (exact span and type)"));
        output.WriteLine(Row("overall", all));
        foreach (var (type, counts) in e.ByType) output.WriteLine(Row(type, counts));
    }

    private static string Row(string name, PrecisionRecall c) => string.Create(CultureInfo.InvariantCulture,
        $"{name,17}: precision {100 * c.Precision,6:F2}%; recall {100 * c.Recall,6:F2}%; F1 {100 * c.F1,6:F2}  ({c.Predicted} found, {c.Gold} gold)");
}
