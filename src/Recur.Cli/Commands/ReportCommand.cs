using System.CommandLine;
using System.Globalization;
using Recur.Cells;
using Recur.Diagnostics;
using Recur.Text;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary>
/// <c>recur report</c>: one self-contained HTML page about a trained language model reading a text: token probabilities,
/// interpretable units with their gates, gate saturation and the run's loss curves.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string>("--model") { Description = "Language-model checkpoint or run directory (then its best checkpoint).", Required = true };
        var text = new Option<string>("--text") { Description = "The text to read (its first --max-tokens tokens).", Required = true };
        var output = new Option<string>("--out") { Description = "The HTML file to write.", DefaultValueFactory = _ => "report.html" };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Tokens read from the text (characters for a character model).", DefaultValueFactory = _ => 1500 };
        var units = new Option<int>("--units") { Description = "Interpretable units drawn over the text.", DefaultValueFactory = _ => 6 };

        var command = new Command("report", "Write one self-contained HTML page: the text coloured by probability, interpretable units and gates, loss curves.")
        {
            model, text, output, maxTokens, units,
        };
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            string modelFile = CommandRunner.ResolveModel(parse.GetValue(model)!);
            string textPath = parse.GetValue(text)!;
            if (Directory.Exists(textPath)) throw new ArgumentException($"{textPath}: is a directory, expected a text file.");
            if (!File.Exists(textPath)) throw new FileNotFoundException($"{textPath}: no such text file.");
            int max = parse.GetValue(maxTokens), unitCount = parse.GetValue(units);
            if (max <= 0) throw new ArgumentException($"--max-tokens must be positive, got {max}.");
            if (unitCount < 0) throw new ArgumentException($"--units must not be negative, got {unitCount}.");

            var checkpoint = LanguageModelCheckpoint.Load(modelFile);
            var lm = checkpoint.Model;
            var trace = TextTracer.Trace(lm, checkpoint.Vocabulary, CorpusReader.Lines(textPath), max);
            var options = lm.Options;
            var report = new ModelReport($"{options.Cell.ToName()} language model reading {Path.GetFileName(textPath)}", trace) { UnitPanels = unitCount };
            report.AddFact("checkpoint", modelFile);
            report.AddFact("model", string.Create(CultureInfo.InvariantCulture,
                $"{options.Cell.ToName()}, {options.NumLayers} layer(s) of {options.HiddenSize}, embedding {options.EmbeddingSize}, {lm.Store.Count:N0} parameters"));
            report.AddFact("vocabulary", string.Create(CultureInfo.InvariantCulture,
                $"{checkpoint.Vocabulary.Count} {LevelName(checkpoint.Vocabulary.Level)} tokens{(checkpoint.Vocabulary.LowerCase ? ", lower-cased" : "")}"));
            report.AddFact("text", textPath);
            if (checkpoint.TrainOptions is TrainOptions train)
                report.AddFact("training", string.Create(CultureInfo.InvariantCulture,
                    $"{train.Optimizer}, learning rate {train.LearningRate:G3}, batch {train.BatchSize}, sequence length {train.SeqLen}, clip norm {(train.ClipNorm is double c ? c.ToString("G3", CultureInfo.InvariantCulture) : "none")}"));
            AddRunCharts(report, Path.GetDirectoryName(Path.GetFullPath(modelFile))!, checkpoint.TrainOptions?.ClipNorm);

            string outPath = parse.GetValue(output)!;
            string? dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (dir is not null) Directory.CreateDirectory(dir);
            report.Save(outPath);
            var best = report.Units.Take(3).Select(u => string.Create(CultureInfo.InvariantCulture,
                $"{u.Feature.Name}: layer {u.Layer} unit {u.Unit} ({u.State}, r = {u.Correlation:F2})"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"recur: wrote {outPath}: {trace.Count} tokens, mean loss {trace.MeanLoss:F4} nats; best units: {string.Join("; ", best)}"));
            return 0;
        }));
        return command;
    }

    /// <summary>The loss curves (metrics.csv) and gradient norms (grad-norm.csv) of the run beside the checkpoint, when there.</summary>
    private static void AddRunCharts(ModelReport report, string runDir, double? clipNorm)
    {
        string metricsPath = Path.Combine(runDir, RunFiles.Metrics);
        if (File.Exists(metricsPath))
        {
            var metrics = MetricsLog.Load(metricsPath);
            var columns = metrics.Columns.ToList();
            int epoch = columns.IndexOf("epoch"), trainLoss = columns.IndexOf("train_loss"), validLoss = columns.IndexOf("valid_loss");
            if (epoch >= 0 && trainLoss >= 0 && validLoss >= 0)
            {
                var plot = new LossPlot("Loss") { XLabel = "epoch", YLabel = "loss (nats per token)" };
                plot.AddSeries("train", metrics.Rows.Select(r => (r[epoch], r[trainLoss])));
                plot.AddSeries("valid", metrics.Rows.Select(r => (r[epoch], r[validLoss])));
                report.AddChart($"Loss per epoch of the run ({metricsPath})", plot);
            }
        }
        string normsPath = Path.Combine(runDir, GradientNormFiles.Csv);
        if (File.Exists(normsPath))
            report.AddChart($"Gradient norm per step before clipping ({normsPath})", GradientNormLog.Load(normsPath).ToPlot(clipNorm));
    }

    private static string LevelName(TokenLevel level) => level switch
    {
        TokenLevel.Char => "character",
        TokenLevel.Word => "word",
        _ => "whitespace-separated",
    };
}
