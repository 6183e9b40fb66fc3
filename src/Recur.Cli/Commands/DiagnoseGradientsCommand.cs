using System.CommandLine;
using System.Globalization;
using Recur.Cells;
using Recur.Diagnostics;
using Recur.IO;
using Recur.Kernels;
using Recur.Models;
using Recur.Text;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary>
/// <c>recur diagnose gradients</c>: ‖∂L/∂h⟨t⟩‖ for the loss at the last step of windows of a real text, by distance back in
/// time and layer, for trained language models or fresh ones of several cells.
/// </summary>
internal static class DiagnoseGradientsCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var models = new Option<string[]>("--model") { Description = "A language-model checkpoint or run directory; repeat to compare several." };
        var classifiers = new Option<string[]>("--classifier") { Description = "A classifier checkpoint or run directory (then --text is a labelled file, read as in its training); bidirectional encoders are reported per direction." };
        var cells = new Option<string?>("--cells") { Description = "Instead of --model: fresh (untrained) models of these cells, comma-separated (e.g. rnn-tanh,gru,lstm)." };
        var text = new Option<string>("--text") { Description = "The text the windows are cut from (for --classifier: its labelled texts).", Required = true };
        var steps = new Option<int>("--steps") { Description = "Window length T: distances 0..T−1 are measured.", DefaultValueFactory = _ => 100 };
        var sequences = new Option<int>("--sequences") { Description = "Windows, evenly spaced over the text (for --classifier: the first texts).", DefaultValueFactory = _ => 64 };
        var level = new Option<string>("--level") { Description = "Token level of fresh models: char, word or whitespace.", DefaultValueFactory = _ => "char" };
        var hidden = new Option<int>("--hidden-size") { Description = "Hidden units of fresh models.", DefaultValueFactory = _ => 128 };
        var embedding = new Option<int>("--embedding-size") { Description = "Embedding width of fresh models.", DefaultValueFactory = _ => 64 };
        var layers = new Option<int>("--layers") { Description = "Layers of fresh models.", DefaultValueFactory = _ => 1 };
        var seed = new Option<ulong>("--seed") { Description = "Initialisation seed of fresh models.", DefaultValueFactory = _ => 1UL };
        var output = new Option<string>("--out") { Description = $"Directory for {DiagnoseCommand.FlowCsv} and {DiagnoseCommand.FlowSvg}.", DefaultValueFactory = _ => "diagnose" };
        var threads = new Option<int>("--threads") { Description = "Worker threads for matrix products.", DefaultValueFactory = _ => Environment.ProcessorCount };

        var command = new Command("gradients", "The norm of ∂L/∂h⟨t⟩ for the loss at the last step of windows of a text, by distance back in time, per layer (CSV and SVG).")
        {
            models, classifiers, cells, text, steps, sequences, level, hidden, embedding, layers, seed, output, threads,
        };
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            KernelThreads.Count = Positive(parse.GetValue(threads), "--threads");
            string path = parse.GetValue(text)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such text file.");
            var modelPaths = parse.GetValue(models) ?? [];
            var classifierPaths = parse.GetValue(classifiers) ?? [];
            string? cellList = parse.GetValue(cells);
            int kinds = (modelPaths.Length > 0 ? 1 : 0) + (classifierPaths.Length > 0 ? 1 : 0) + (cellList is null ? 0 : 1);
            if (kinds != 1) throw new ArgumentException("Give one of --model (one or more times), --classifier (one or more times) or --cells.");
            int t = Positive(parse.GetValue(steps), "--steps"), n = Positive(parse.GetValue(sequences), "--sequences");
            var results = new List<GradientFlowResult>();
            if (cellList is not null)
            {
                var tokenLevel = new TrainData { Level = parse.GetValue(level)! }.TokenLevel;
                var vocabulary = CorpusReader.BuildVocabulary(path, tokenLevel, tokenLevel == TokenLevel.Char ? int.MaxValue : 10000, lowerCase: false);
                var stream = CorpusReader.ReadStream(path, vocabulary);
                foreach (string name in cellList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    var cell = CellKinds.Parse(name);
                    var model = new LanguageModel<float>(new LanguageModelOptions(vocabulary.Count)
                    {
                        Cell = cell, HiddenSize = parse.GetValue(hidden), EmbeddingSize = parse.GetValue(embedding), NumLayers = parse.GetValue(layers),
                    });
                    model.Reset(new Rng(parse.GetValue(seed)));
                    results.Add(Measure(model, stream, t, n, $"{cell.ToName()} (untrained)"));
                }
            }
            foreach (string modelPath in modelPaths)
            {
                string file = CommandRunner.ResolveModel(modelPath);
                var checkpoint = LanguageModelCheckpoint.Load(file);
                var stream = CorpusReader.ReadStream(path, checkpoint.Vocabulary);
                results.Add(Measure(checkpoint.Model, stream, t, n, $"{checkpoint.Model.Options.Cell.ToName()} ({Label(modelPath)})"));
            }
            foreach (string classifierPath in classifierPaths)
            {
                string file = CommandRunner.ResolveModel(classifierPath);
                var checkpoint = ClassifierCheckpoint.Load(file);
                var data = ClassifyData.FromJson(checkpoint.Data, file);
                var records = TsvClassificationReader.Read(path, data.ReadOptions(requireLabels: true));
                var examples = records.Select(r => checkpoint.Vocabularies.Encode(r.Text, r.Label))
                    .Where(e => e.Label != ClassificationBatch.IgnoreLabel && e.Tokens.Length > 0)
                    .Take(n).Select(e => e.Tokens.Length > data.MaxLength ? e with { Tokens = e.Tokens[..data.MaxLength] } : e).ToArray();
                if (examples.Length == 0) throw new InvalidDataException($"{path}: no non-empty text has a label the classifier knows.");
                results.Add(GradientFlow.Measure(checkpoint.Model, examples, $"{checkpoint.Model.Options.Cell.ToName()} ({Label(classifierPath)})".Replace(',', ';')));
            }
            string outDir = parse.GetValue(output)!;
            Directory.CreateDirectory(outDir);
            string csv = Path.Combine(outDir, DiagnoseCommand.FlowCsv), svg = Path.Combine(outDir, DiagnoseCommand.FlowSvg);
            GradientFlowResult.SaveCsv(csv, results);
            string what = classifierPaths.Length > 0 ? Path.GetFileName(path) : $"{Path.GetFileName(path)}, T = {t}";
            GradientFlowResult.ToPlot(results, $"Gradient of the last step's loss, back in time ({what})").Save(svg);
            PrintTable(results, results.Max(r => r.Series.Max(s => s.MeanNorm.Length)));
            Console.Out.WriteLine($"recur: wrote {csv} and {svg}");
            return 0;
        }));
        return command;
    }

    private static GradientFlowResult Measure(LanguageModel<float> model, int[] stream, int steps, int sequences, string label)
    {
        if (stream.Length < steps + 1)
            throw new ArgumentException($"The text has {stream.Length} tokens; --steps {steps} needs at least {steps + 1}.");
        return GradientFlow.Measure(model, stream, steps, sequences, label.Replace(',', ';'));
    }

    /// <summary>The mean norm at a few distances, and the ratio of the farthest to the nearest.</summary>
    internal static void PrintTable(IReadOnlyList<GradientFlowResult> results, int steps)
    {
        int[] ks = new[] { 0, 1, steps / 4, steps / 2, steps - 1 }.Where(k => k >= 0 && k < steps).Distinct().ToArray();
        int width = Math.Max(10, results.Max(r => r.Model.Length) + 12);
        var output = Console.Out;
        output.WriteLine("mean ‖∂L/∂h⟨T−k⟩‖ for the loss at the last step");
        output.WriteLine("model / layer".PadRight(width) + string.Concat(ks.Select(k => $"{"k=" + k,11}")) + $"{"ratio",11}");
        foreach (var r in results)
            foreach (var s in r.Series)
            {
                string name = $"{r.Model} {s.PartName}";
                int last = Array.FindLastIndex(s.Count, c => c > 0);
                output.WriteLine(name.PadRight(width) + string.Concat(ks.Select(k => string.Create(CultureInfo.InvariantCulture, $"{Value(s, k),11:0.00e+00}")))
                    + string.Create(CultureInfo.InvariantCulture, $"{s.Relative(Math.Max(0, last)),11:0.00e+00}"));
            }

        static double Value(GradientFlowSeries s, int k) => k < s.MeanNorm.Length ? s.MeanNorm[k] : double.NaN;
    }

    private static string Label(string path) => Directory.Exists(path)
        ? new DirectoryInfo(path).Name
        : Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) + "/" + Path.GetFileName(path);

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new ArgumentException($"{name} must be positive, got {value}.");
}
