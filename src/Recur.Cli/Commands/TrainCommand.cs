using System.CommandLine;
using System.Globalization;
using Recur.Cells;
using Recur.Models;
using Recur.Text;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary><c>recur train</c>: trains a word- or character-level language model.</summary>
internal static class TrainCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var common = new TrainingOptionSet(epochs: 20, batchSize: 32, learningRate: 2e-3, threads: null, outDefault: "runs/<corpus name>");
        var corpus = new Option<string?>("--corpus") { Description = "Training text (default: the bundled dinosaur names)." };
        var level = new Option<string>("--level") { Description = "Token level: char, word (splits punctuation) or whitespace (pre-tokenised text such as PTB).", DefaultValueFactory = _ => "char" };
        var mode = new Option<string?>("--mode") { Description = "line: one example per line; stream: one continuous text in windows of --seq-len (default: line for the bundled names, stream otherwise)." };
        var cell = new Option<string>("--cell") { Description = "rnn-tanh, rnn-relu, gru-simple, gru, gru-after, lstm or lstm-peephole.", DefaultValueFactory = _ => "lstm" };
        var layers = new Option<int>("--layers") { Description = "Stacked recurrent layers.", DefaultValueFactory = _ => 1 };
        var hidden = new Option<int>("--hidden-size") { Description = "Hidden units per layer.", DefaultValueFactory = _ => 128 };
        var embedding = new Option<int>("--embedding-size") { Description = "Embedding width.", DefaultValueFactory = _ => 64 };
        var dropout = new Option<double>("--dropout") { Description = "Dropout on embeddings, between layers and before the output.", DefaultValueFactory = _ => 0.0 };
        var seqLen = new Option<int>("--seq-len") { Description = "Window length in stream mode (truncated BPTT).", DefaultValueFactory = _ => 64 };
        var initRange = new Option<double?>("--init-range") { Description = "Initialise every parameter U(-R, R), as Zaremba et al. (default: PyTorch's per-module initialisation)." };
        var vocabSize = new Option<int>("--vocab-size") { Description = "Vocabulary cap at word and whitespace level, <unk> and <eos> included; the rest becomes <unk>.", DefaultValueFactory = _ => 10000 };
        var lower = new Option<bool>("--lowercase") { Description = "Lower-case the text." };
        var valid = new Option<string?>("--valid") { Description = "Validation text (default: hold out --valid-fraction of the corpus)." };
        var test = new Option<string?>("--test") { Description = "Test text, evaluated with the best checkpoint at the end." };
        var validFraction = new Option<double>("--valid-fraction") { Description = "Held-out fraction when no --valid file is given.", DefaultValueFactory = _ => 0.1 };

        var command = new Command("train", "Train a language model.")
        {
            corpus, level, mode, cell, layers, hidden, embedding, dropout, seqLen, initRange, vocabSize, lower, valid, test, validFraction,
        };
        common.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            var cfg = common.LoadConfig(parse);
            T Get<T>(Option<T> option) => cfg.Get(parse, option);
            string? corpusPath = Get(corpus);
            var data = new TrainData
            {
                Corpus = corpusPath ?? TrainData.BundledName,
                Level = Get(level),
                Mode = Get(mode) ?? (corpusPath is null ? "line" : "stream"),
                VocabSize = Get(vocabSize),
                LowerCase = Get(lower),
                Valid = Get(valid),
                Test = Get(test),
                ValidFraction = Get(validFraction),
            };
            var train = common.Build(parse, cfg, o => o with { SeqLen = Get(seqLen), InitRange = Get(initRange) });
            string outDir = common.OutDirectory(parse, cfg, corpusPath is null ? "dinos" : Path.GetFileNameWithoutExtension(corpusPath));
            var modelOptions = new LanguageModelOptions(2)
            {
                Cell = CellKinds.Parse(Get(cell)),
                NumLayers = Get(layers),
                HiddenSize = Get(hidden),
                EmbeddingSize = Get(embedding),
                Dropout = Get(dropout),
            };
            OptionCheck.Run(modelOptions.Validate);
            return Train(data, train, modelOptions, outDir, Get(common.Resume),
                saved => common.Resumed(parse, cfg, saved, train, Path.Combine(outDir, RunFiles.Latest)), Get(common.LogGradNorm));
        }));
        return command;
    }

    private static int Train(TrainData data, TrainOptions train, LanguageModelOptions modelOptions, string outDir, bool resume,
        Func<TrainOptions?, TrainOptions> resumed, bool logGradNorm)
    {
        var temporary = new List<string>();
        try
        {
            string latest = Path.Combine(outDir, RunFiles.Latest), best = Path.Combine(outDir, RunFiles.Best);
            LanguageModel<float> model;
            Vocabulary vocabulary;
            LanguageModelCheckpoint? restored = null;
            if (resume)
            {
                if (!File.Exists(latest)) throw new FileNotFoundException($"{latest}: nothing to resume (no latest checkpoint in {outDir}).");
                restored = LanguageModelCheckpoint.Load(latest);
                data = TrainData.FromJson(restored.Data, latest);
                train = resumed(restored.TrainOptions);
                model = restored.Model;
                vocabulary = restored.Vocabulary;
            }
            else
            {
                data.Validate();
                string corpusForVocabulary = data.CorpusPath(temporary);
                vocabulary = CorpusReader.BuildVocabulary(corpusForVocabulary, data.TokenLevel,
                    data.TokenLevel == TokenLevel.Char ? int.MaxValue : data.VocabSize, data.LowerCase, longLines: data.Mode == "stream");
                model = TrainingOptionSet.NewModel(() => new LanguageModel<float>(modelOptions with { VocabularySize = vocabulary.Count }));
                if (train.InitRange is double range) model.Reset(new Rng(train.Seed), range);
                else model.Reset(new Rng(train.Seed));
            }
            string corpus = data.CorpusPath(temporary);
            var (trainSource, validSource, testSource, trainTokens) = data.Load(corpus, vocabulary, train);
            var trainer = new LanguageModelTrainer<float>(model, train);
            restored?.RestoreTrainer(trainer);
            Console.Error.WriteLine(
                $"recur: training {model.Options.Cell.ToName()} {model.Options.NumLayers}×{model.Options.HiddenSize} on {data.Corpus} " +
                $"({data.Level} level, {data.Mode} mode, {vocabulary.Count} tokens in the vocabulary, {trainTokens:N0} training tokens, " +
                $"{model.Store.Count:N0} parameters) into {outDir}");
            var session = TrainingSession.Run(trainer, trainSource, validSource, outDir, resume,
                path => LanguageModelCheckpoint.Save(path, model, vocabulary, data.ToJson(), trainer),
                "tokens", loss => string.Create(CultureInfo.InvariantCulture, $"valid ppl {Math.Exp(loss):F2}"), logGradNorm);
            if (session.Interrupted) return CommandRunner.Interrupted;
            double? validLoss = session.LastValidLoss;
            // Stopped inside an epoch: measure the model as saved, so the summary says where it stands.
            if (!session.Finished) validLoss = trainer.Evaluate(validSource);
            string test = "";
            if (testSource is not null && File.Exists(best))
            {
                var result = LanguageModelEvaluation.Evaluate(LanguageModelCheckpoint.Load(best).Model, testSource);
                string how = data.Mode == "stream" ? "one stream, <eos> counted, state carried" : "each line alone, <eos> counted";
                test = string.Create(CultureInfo.InvariantCulture,
                    $"; test loss {result.Loss:F4}, test ppl {result.Perplexity:F2} over {result.Tokens} tokens ({how})");
            }
            var state = trainer.State;
            string valid = validLoss is double v ? string.Create(CultureInfo.InvariantCulture, $"; valid loss {v:F4}, valid ppl {Math.Exp(v):F2}") : "";
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"recur: done: {TrainingSession.Steps(state)}, {state.Tokens} tokens in {state.ElapsedSeconds:F1} s " +
                $"({state.Tokens / Math.Max(1e-9, state.ElapsedSeconds):F0} tokens/s over the run){valid}{test}; checkpoints in {outDir}"));
            return 0;
        }
        finally
        {
            foreach (var path in temporary) File.Delete(path);
        }
    }
}
