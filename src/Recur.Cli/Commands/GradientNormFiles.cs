using Recur.Diagnostics;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary>The <c>--log-grad-norm</c> files of a run directory: every step's gradient norm before clipping.</summary>
internal static class GradientNormFiles
{
    public const string Csv = "grad-norm.csv";
    public const string Svg = "grad-norm.svg";

    /// <summary>Attaches a log to <paramref name="trainer"/>; a resumed run continues the run's log from its checkpoint's step.</summary>
    public static GradientNormLog Attach<TBatch>(Trainer<float, TBatch> trainer, string outDir, bool resume) where TBatch : class, new()
    {
        string csv = Path.Combine(outDir, Csv);
        var log = resume && File.Exists(csv) ? GradientNormLog.Load(csv) : new GradientNormLog();
        log.Truncate(trainer.State.Step);
        trainer.GradientNorms = log;
        return log;
    }

    /// <summary>Writes the CSV and the chart (with the clip threshold when norm clipping is on).</summary>
    public static void Save(GradientNormLog log, string outDir, double? clipNorm)
    {
        Directory.CreateDirectory(outDir);
        log.SaveCsv(Path.Combine(outDir, Csv));
        log.ToPlot(clipNorm).Save(Path.Combine(outDir, Svg));
    }
}
