using System.CommandLine;
using System.Globalization;
using Recur.Cells;
using Recur.IO;
using Recur.Metrics;
using Recur.Models;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary><c>recur tag train</c>: trains a bidirectional recurrent tagger on a CoNLL or CoNLL-U file.</summary>
internal static class TagTrainCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var common = new TrainingOptionSet(epochs: 10, batchSize: 32, learningRate: 2e-3, threads: null, outDefault: "runs/<training file name>");
        var network = new TagClassifyNetworkOptions();
        var trainFile = new Option<string?>("--train") { Description = "Training file (CoNLL columns or CoNLL-U)." };
        var validFile = new Option<string?>("--valid") { Description = "Validation file: loss, accuracy (and entity F1) after every epoch; the best checkpoint has the lowest loss." };
        var testFile = new Option<string?>("--test") { Description = "Test file, scored with the best checkpoint at the end." };
        var format = new Option<string?>("--format") { Description = "conll (token and tag columns) or conllu (default: conllu for *.conllu files, else conll)." };
        var tagColumn = new Option<int>("--tag-column") { Description = "CoNLL columns: 1-based field of the tag (default: the last field).", DefaultValueFactory = _ => 0 };
        var upos = new Option<bool>("--upos") { Description = "CoNLL-U: tag with UPOS (the default)." };
        var xpos = new Option<bool>("--xpos") { Description = "CoNLL-U: tag with XPOS instead of UPOS." };
        var chars = new Option<bool>("--char-features") { Description = "Add a bidirectional network over each word's characters, its final states joined to the word embedding." };
        var charEmbedding = new Option<int>("--char-embedding-size") { Description = "Character embedding width.", DefaultValueFactory = _ => 30 };
        var charHidden = new Option<int>("--char-hidden-size") { Description = "Hidden units per direction of the character network.", DefaultValueFactory = _ => 50 };
        var maxWordChars = new Option<int>("--max-word-chars") { Description = "Characters read per word (a longer word keeps its first and last halves).", DefaultValueFactory = _ => 20 };
        var pretrained = new Option<string?>("--pretrained") { Description = "Text file of word vectors (a word, then its numbers, per line) to initialise the embedding." };
        var wordDropout = new Option<double>("--word-dropout") { Description = "Probability of reading a training word as <unk>.", DefaultValueFactory = _ => 0.0 };
        var lower = new Option<bool>("--lowercase") { Description = "Lower-case the words (characters keep their case)." };
        var minCount = new Option<int>("--min-count") { Description = "Fewest training occurrences for a word to get its own vector.", DefaultValueFactory = _ => 1 };
        var command = new Command("train", "Train a tagger.")
        {
            trainFile, validFile, testFile, format, tagColumn, upos, xpos, chars, charEmbedding, charHidden, maxWordChars, pretrained,
            wordDropout, lower, minCount,
        };
        network.AddTo(command);
        common.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            var cfg = common.LoadConfig(parse);
            T Get<T>(Option<T> option) => cfg.Get(parse, option);
            if (Get(upos) && Get(xpos)) throw new ArgumentException("Give --upos or --xpos, not both.");
            string? trainPath = Get(trainFile);
            var data = new TagData
            {
                Train = trainPath ?? "",
                Valid = Get(validFile),
                Test = Get(testFile),
                Format = Get(format) ?? TagData.FormatOf(trainPath ?? ""),
                TagColumn = Get(tagColumn),
                Xpos = Get(xpos),
                LowerCase = Get(lower),
                MinCount = Get(minCount),
                Pretrained = Get(pretrained),
            };
            var train = common.Build(parse, cfg);
            var options = new TaggerOptions(2, 1)
            {
                Cell = network.CellKind(parse, cfg),
                NumLayers = Get(network.Layers),
                HiddenSize = Get(network.Hidden),
                WordEmbeddingSize = Get(network.Embedding),
                Dropout = Get(network.Dropout),
                WordDropout = Get(wordDropout),
                CharCount = Get(chars) ? 2 : 0,
                CharEmbeddingSize = Get(charEmbedding),
                CharHiddenSize = Get(charHidden),
                MaxWordChars = Get(maxWordChars),
            };
            OptionCheck.Run(options.Validate);
            string outDir = common.OutDirectory(parse, cfg, trainPath is null ? null : Path.GetFileNameWithoutExtension(trainPath));
            bool resume = Get(common.Resume);
            return Train(data, train, options, outDir, resume, saved => common.Resumed(parse, cfg, saved, train, Path.Combine(outDir, RunFiles.Latest)),
                cfg.IsSet(parse, network.Embedding), Get(common.LogGradNorm));
        }));
        return command;
    }

    private static int Train(TagData data, TrainOptions train, TaggerOptions options, string outDir, bool resume,
        Func<TrainOptions?, TrainOptions> resumed, bool explicitEmbedding, bool logGradNorm)
    {
        string latest = Path.Combine(outDir, RunFiles.Latest), best = Path.Combine(outDir, RunFiles.Best);
        Tagger<float> model;
        TaggerVocabularies vocabularies;
        TaggerCheckpoint? restored = null;
        List<ConllSentence>? trainSentences = null;
        string pretrainedNote = "";
        if (resume)
        {
            if (!File.Exists(latest)) throw new FileNotFoundException($"{latest}: nothing to resume (no latest checkpoint in {outDir}).");
            restored = TaggerCheckpoint.Load(latest);
            data = TagData.FromJson(restored.Data, latest);
            train = resumed(restored.TrainOptions);
            model = restored.Model;
            vocabularies = restored.Vocabularies;
        }
        else
        {
            if (data.Train.Length == 0) throw new ArgumentException("Give --train (the training file).");
            foreach (var (path, option) in new[] { (data.Train, "--train"), (data.Valid, "--valid"), (data.Test, "--test"), (data.Pretrained, "--pretrained") })
                CommandRunner.CheckFile(path, option);
            trainSentences = ConllReader.Read(data.Train, data.ReadOptions(requireTags: true));
            vocabularies = TaggerVocabularies.Build(trainSentences.Select(s => (s.Tokens, s.Tags!)), data.LowerCase, options.UseCharacters,
                minCount: Positive(data.MinCount, "--min-count"));
            if (data.Pretrained is string vectors)
            {
                int dimension = WordVectorsReader.ReadDimension(vectors);
                if (explicitEmbedding && dimension != options.WordEmbeddingSize)
                    throw new ArgumentException($"--embedding-size {options.WordEmbeddingSize} differs from the {dimension}-dimensional vectors of {vectors}.");
                options = options with { WordEmbeddingSize = dimension };
            }
            options = options with
            {
                WordCount = vocabularies.Words.Count,
                CharCount = vocabularies.Chars?.Count ?? 0,
                TagCount = vocabularies.Tags.Count,
            };
            model = TrainingOptionSet.NewModel(() => new Tagger<float>(options));
            model.Reset(new Rng(train.Seed));
            if (data.Pretrained is string file)
            {
                int found = WordVectorsReader.ReadInto(file, vocabularies.Words, model.Store.Value(model.Embedding.Weight), options.WordEmbeddingSize);
                pretrainedNote = string.Create(CultureInfo.InvariantCulture,
                    $", pretrained vectors for {found:N0} of {vocabularies.Words.Count:N0} words ({100.0 * found / vocabularies.Words.Count:F1}%)");
                Console.Error.WriteLine($"recur: {file}: found vectors for {found:N0} of the {vocabularies.Words.Count:N0} words of the vocabulary.");
            }
        }
        options = model.Options;
        var read = data.ReadOptions(requireTags: true);
        trainSentences ??= ConllReader.Read(data.Train, read);
        int maxChars = options.MaxWordChars;
        var trainExamples = trainSentences.Select(s => vocabularies.Encode(s.Tokens, s.Tags, maxChars)).ToArray();
        var validSentences = data.Valid is null ? null : ConllReader.Read(data.Valid, read);
        var validSource = validSentences is null ? null
            : new TaggingBatchSource(validSentences.Select(s => vocabularies.Encode(s.Tokens, s.Tags, maxChars)).ToArray(), train.BatchSize, null);
        var trainSource = new TaggingBatchSource(trainExamples, train.BatchSize, train.Seed);
        var trainer = new TaggerTrainer<float>(model, train, vocabularies.Tags, validSentences?.Select(s => s.Tags!).ToArray());
        restored?.RestoreTrainer(trainer);
        long tokens = trainExamples.Sum(e => (long)e.Length);
        string features = options.UseCharacters ? $" + characters (bi-{options.Cell.ToName()} 2×{options.CharHiddenSize})" : "";
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"recur: training a tagger, {(options.Bidirectional ? "bi-" : "")}{options.Cell.ToName()} {options.NumLayers}×{options.HiddenSize}{features}, on {data.Train} " +
            $"({data.Describe()}; {trainExamples.Length:N0} sentences, {tokens:N0} tokens, {vocabularies.Words.Count:N0} words, " +
            $"{vocabularies.Tags.Count} tags, {model.Store.Count:N0} parameters{pretrainedNote}) into {outDir}"));
        var session = TrainingSession.Run(trainer, trainSource, validSource, outDir, resume,
            path => TaggerCheckpoint.Save(path, model, vocabularies, data.ToJson(), trainer),
            "tokens", _ => trainer.LastScores is TaggerScores s ? "valid " + TagReport.Short(s) : "", logGradNorm);
        if (session.Interrupted) return CommandRunner.Interrupted;

        // The summary scores the best checkpoint (lowest validation loss) on the validation and test files, and the final
        // model as well when it is another one (entity F1 often still rises after the validation loss has turned).
        var testSentences = data.Test is null ? null : ConllReader.Read(data.Test, read);
        string Scores(string path)
        {
            var checkpoint = TaggerCheckpoint.Load(path);
            string Score(List<ConllSentence> sentences)
            {
                var source = new TaggingBatchSource(sentences.Select(s => checkpoint.Vocabularies.Encode(s.Tokens, s.Tags, maxChars)).ToArray(), train.BatchSize, null);
                var predicted = TaggerEvaluation.Names(checkpoint.Vocabularies.Tags, TaggerEvaluation.Predict(checkpoint.Model, source).Tags);
                return TagReport.Short(TaggerEvaluation.Score(sentences.Select(s => s.Tags!).ToArray(), predicted,
                    EntityChunks.IsEntityTagSet(checkpoint.Vocabularies.Tags.Labels)));
            }
            return (validSentences is null ? "" : "; valid " + Score(validSentences)) + (testSentences is null ? "" : "; test " + Score(testSentences));
        }
        bool finalDiffers = File.Exists(best) && (!session.Finished || session.LastValidLoss > trainer.State.BestValidLoss);
        string scores = Scores(File.Exists(best) ? best : latest), last = finalDiffers ? Scores(latest) : "";
        if (last.Length > 0) scores += "; final model: " + last[2..];
        var state = trainer.State;
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"recur: done: {TrainingSession.Steps(state)}, {state.Tokens} tokens in {state.ElapsedSeconds:F1} s " +
            $"({state.Tokens / Math.Max(1e-9, state.ElapsedSeconds):F0} tokens/s over the run){scores}; checkpoints in {outDir}"));
        return 0;
    }

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new ArgumentException($"{name} must be positive, got {value}.");
}
