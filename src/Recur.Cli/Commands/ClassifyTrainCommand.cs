using System.CommandLine;
using System.Globalization;
using Recur.Cells;
using Recur.IO;
using Recur.Layers;
using Recur.Metrics;
using Recur.Models;
using Recur.Text;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary><c>recur classify train</c>: trains a recurrent text classifier on a TSV or CSV file of texts and labels.</summary>
internal static class ClassifyTrainCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var common = new TrainingOptionSet(epochs: 10, batchSize: 32, learningRate: 2e-3, threads: null, outDefault: "runs/<training file name>");
        var network = new TagClassifyNetworkOptions();
        var trainFile = new Option<string?>("--train") { Description = "Training file: text<TAB>label per line (or CSV)." };
        var validFile = new Option<string?>("--valid") { Description = "Validation file: loss, accuracy and macro-F1 after every epoch; the best checkpoint has the lowest loss." };
        var testFile = new Option<string?>("--test") { Description = "Test file, scored with the best checkpoint at the end." };
        var level = new Option<string>("--level") { Description = "Tokens: word (punctuation split off), whitespace, or char (e.g. DNA sequences).", DefaultValueFactory = _ => "word" };
        var lower = new Option<bool>("--lowercase") { Description = "Lower-case the texts." };
        var textColumn = new Option<int>("--text-column") { Description = "1-based field of the text.", DefaultValueFactory = _ => 1 };
        var labelColumn = new Option<int>("--label-column") { Description = "1-based field of the label.", DefaultValueFactory = _ => 2 };
        var header = new Option<string>("--header") { Description = "Whether the first line is a header: auto (a first label seen nowhere else), yes or no.", DefaultValueFactory = _ => "auto" };
        var delimiter = new Option<string>("--delimiter") { Description = "auto (comma for *.csv, else tab), tab or comma (CSV quoting).", DefaultValueFactory = _ => "auto" };
        var pooling = new Option<string>("--pooling") { Description = "How the outputs become one vector: last (final states), mean or max.", DefaultValueFactory = _ => "last" };
        var bidirectional = new Option<bool>("--bidirectional") { Description = "Read the text in both directions (--bidirectional false for one).", DefaultValueFactory = _ => true };
        var weights = new Option<string>("--class-weights") { Description = "none, balanced (N / (K·N_class)), or label=weight pairs separated by commas.", DefaultValueFactory = _ => "none" };
        var minCount = new Option<int>("--min-count") { Description = "Fewest training occurrences for a token to get its own vector.", DefaultValueFactory = _ => 1 };
        var vocabSize = new Option<int>("--vocab-size") { Description = "Largest vocabulary, <unk> and <eos> included.", DefaultValueFactory = _ => 50000 };
        var maxLength = new Option<int>("--max-length") { Description = "Tokens read per text (the rest is cut).", DefaultValueFactory = _ => 400 };
        var command = new Command("train", "Train a text classifier.")
        {
            trainFile, validFile, testFile, level, lower, textColumn, labelColumn, header, delimiter, pooling, bidirectional, weights,
            minCount, vocabSize, maxLength,
        };
        network.AddTo(command);
        common.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            var cfg = common.LoadConfig(parse);
            T Get<T>(Option<T> option) => cfg.Get(parse, option);
            string? trainPath = Get(trainFile);
            var data = new ClassifyData
            {
                Train = trainPath ?? "",
                Valid = Get(validFile),
                Test = Get(testFile),
                Level = Get(level),
                LowerCase = Get(lower),
                TextColumn = Get(textColumn),
                LabelColumn = Get(labelColumn),
                Header = Get(header),
                Delimiter = Get(delimiter),
                MinCount = Get(minCount),
                VocabSize = Get(vocabSize),
                MaxLength = Get(maxLength),
            };
            var train = common.Build(parse, cfg);
            var options = new ClassifierOptions(2, 2)
            {
                Cell = network.CellKind(parse, cfg),
                NumLayers = Get(network.Layers),
                HiddenSize = Get(network.Hidden),
                EmbeddingSize = Get(network.Embedding),
                Dropout = Get(network.Dropout),
                Bidirectional = Get(bidirectional),
                Pooling = Get(pooling) switch
                {
                    "last" => Pooling.Last,
                    "mean" => Pooling.Mean,
                    "max" => Pooling.Max,
                    string p => throw new ArgumentException($"Unknown pooling '{p}'. Expected last, mean or max."),
                },
            };
            OptionCheck.Run(options.Validate);
            string outDir = common.OutDirectory(parse, cfg, trainPath is null ? null : Path.GetFileNameWithoutExtension(trainPath));
            return Train(data, train, options, Get(weights), outDir, Get(common.Resume),
                saved => common.Resumed(parse, cfg, saved, train, Path.Combine(outDir, RunFiles.Latest)), Get(common.LogGradNorm));
        }));
        return command;
    }

    private static int Train(ClassifyData data, TrainOptions train, ClassifierOptions options, string weights, string outDir, bool resume,
        Func<TrainOptions?, TrainOptions> resumed, bool logGradNorm)
    {
        string latest = Path.Combine(outDir, RunFiles.Latest), best = Path.Combine(outDir, RunFiles.Best);
        Classifier<float> model;
        ClassifierVocabularies vocabularies;
        ClassifierCheckpoint? restored = null;
        List<ClassificationRecord>? trainRecords = null;
        if (resume)
        {
            if (!File.Exists(latest)) throw new FileNotFoundException($"{latest}: nothing to resume (no latest checkpoint in {outDir}).");
            restored = ClassifierCheckpoint.Load(latest);
            data = ClassifyData.FromJson(restored.Data, latest);
            train = resumed(restored.TrainOptions);
            model = restored.Model;
            vocabularies = restored.Vocabularies;
        }
        else
        {
            if (data.Train.Length == 0) throw new ArgumentException("Give --train (the training file).");
            foreach (var (path, option) in new[] { (data.Train, "--train"), (data.Valid, "--valid"), (data.Test, "--test") })
                CommandRunner.CheckFile(path, option);
            if (data.MinCount < 1) throw new ArgumentException($"--min-count must be positive, got {data.MinCount}.");
            if (data.VocabSize < 3) throw new ArgumentException($"--vocab-size must be at least 3, got {data.VocabSize}.");
            if (data.MaxLength < 1 || data.MaxLength > TrainingOptionSet.MaxSequenceTokens)
                throw new ArgumentException($"--max-length must be in 1 to {TrainingOptionSet.MaxSequenceTokens:N0}, got {data.MaxLength}.");
            trainRecords = TsvClassificationReader.Read(data.Train, data.ReadOptions(requireLabels: true));
            vocabularies = ClassifierVocabularies.Build(trainRecords.Select(r => (r.Text, r.Label!)), data.TokenLevel, data.LowerCase,
                data.TokenLevel == TokenLevel.Char ? int.MaxValue : data.VocabSize, data.MinCount);
            options = options with
            {
                VocabularySize = vocabularies.Tokens.Count,
                ClassCount = vocabularies.Labels.Count,
                ClassWeights = ClassWeights(weights, vocabularies.Labels, trainRecords),
            };
            model = TrainingOptionSet.NewModel(() => new Classifier<float>(options));
            model.Reset(new Rng(train.Seed));
        }
        options = model.Options;
        var read = data.ReadOptions(requireLabels: true);
        trainRecords ??= TsvClassificationReader.Read(data.Train, read);
        var trainExamples = trainRecords.Select(r => vocabularies.Encode(r.Text, r.Label)).ToArray();
        ClassificationBatchSource Source(IEnumerable<ClassificationRecord> records, ClassifierVocabularies v, ulong? seed) =>
            new(records.Select(r => v.Encode(r.Text, r.Label)).ToArray(), train.BatchSize, seed, maxLength: data.MaxLength);
        var validSource = data.Valid is null ? null : Source(TsvClassificationReader.Read(data.Valid, read), vocabularies, null);
        var trainSource = new ClassificationBatchSource(trainExamples, train.BatchSize, train.Seed, maxLength: data.MaxLength);
        var trainer = new ClassifierTrainer<float>(model, train);
        restored?.RestoreTrainer(trainer);
        long tokens = trainExamples.Sum(e => (long)Math.Min(e.Tokens.Length, data.MaxLength));
        string weighting = options.ClassWeights is double[] w
            ? ", class weights " + string.Join(" ", w.Select((x, k) => string.Create(CultureInfo.InvariantCulture, $"{vocabularies.Labels.Label(k)}={x:G4}")))
            : "";
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"recur: training a classifier, {(options.Bidirectional ? "bi-" : "")}{options.Cell.ToName()} {options.NumLayers}×{options.HiddenSize} " +
            $"with {options.Pooling.ToString().ToLowerInvariant()} pooling, on {data.Train} ({trainExamples.Length:N0} texts, {tokens:N0} {data.Level} tokens, " +
            $"{vocabularies.Tokens.Count:N0} in the vocabulary, {vocabularies.Labels.Count} classes{weighting}, {model.Store.Count:N0} parameters) into {outDir}"));
        var session = TrainingSession.Run(trainer, trainSource, validSource, outDir, resume,
            path => ClassifierCheckpoint.Save(path, model, vocabularies, data.ToJson(), trainer),
            "texts", _ => trainer.LastScores is ConfusionMatrix m ? "valid " + ClassifyReport.Short(m) : "", logGradNorm);
        if (session.Interrupted) return CommandRunner.Interrupted;

        // The summary scores the best checkpoint (lowest validation loss) on the validation and test files, and the final
        // model as well when it is another one.
        string Scores(string checkpointPath)
        {
            var checkpoint = ClassifierCheckpoint.Load(checkpointPath);
            string Score(string path)
            {
                var source = Source(TsvClassificationReader.Read(path, read), checkpoint.Vocabularies, null);
                var predicted = ClassifierEvaluation.Predict(checkpoint.Model, source).Labels;
                return ClassifyReport.Short(ClassifierEvaluation.Score(checkpoint.Model.ClassCount, source.Examples.Select(e => e.Label).ToArray(), predicted));
            }
            return (data.Valid is null ? "" : "; valid " + Score(data.Valid)) + (data.Test is null ? "" : "; test " + Score(data.Test));
        }
        bool finalDiffers = File.Exists(best) && (!session.Finished || session.LastValidLoss > trainer.State.BestValidLoss);
        string scores = Scores(File.Exists(best) ? best : latest), last = finalDiffers ? Scores(latest) : "";
        if (last.Length > 0) scores += "; final model: " + last[2..];
        var state = trainer.State;
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"recur: done: {TrainingSession.Steps(state)}, {state.Tokens} texts in {state.ElapsedSeconds:F1} s " +
            $"({state.Tokens / Math.Max(1e-9, state.ElapsedSeconds):F0} texts/s over the run){scores}; checkpoints in {outDir}"));
        return 0;
    }

    /// <summary>
    /// none → null; balanced → N / (K·N_k) (scikit-learn's "balanced"); otherwise label=weight pairs separated by commas,
    /// labels not named weighing 1.
    /// </summary>
    private static double[]? ClassWeights(string spec, LabelSet labels, List<ClassificationRecord> records)
    {
        if (spec == "none") return null;
        var weights = new double[labels.Count];
        if (spec == "balanced")
        {
            var counts = new long[labels.Count];
            foreach (var r in records) counts[labels.Id(r.Label!)]++;
            for (int k = 0; k < weights.Length; k++) weights[k] = (double)records.Count / (labels.Count * counts[k]);
            return weights;
        }
        Array.Fill(weights, 1.0);
        foreach (string pair in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.LastIndexOf('=');
            if (eq <= 0 || !double.TryParse(pair[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double w))
                throw new ArgumentException($"--class-weights: '{pair}' is not label=weight (expected none, balanced or label=weight,…).");
            int id = labels.Id(pair[..eq]);
            if (id < 0) throw new ArgumentException($"--class-weights: '{pair[..eq]}' is not a label of the training data ({string.Join(", ", labels.Labels)}).");
            weights[id] = w;
        }
        return weights;
    }
}
