using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Recur.Cells;
using Recur.Kernels;
using Recur.Models;
using Recur.Text;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary><c>recur train</c>: trains a word- or character-level language model.</summary>
internal static class TrainCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var corpus = new Option<string?>("--corpus") { Description = "Training text (default: the bundled dinosaur names)." };
        var level = new Option<string>("--level") { Description = "Token level: char, word (splits punctuation) or whitespace (pre-tokenised text such as PTB).", DefaultValueFactory = _ => "char" };
        var mode = new Option<string?>("--mode") { Description = "line: one example per line; stream: one continuous text in windows of --seq-len (default: line for the bundled names, stream otherwise)." };
        var output = new Option<string?>("--out") { Description = "Run directory for checkpoints, metrics.csv and loss.svg (default runs/<corpus name>)." };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training data.", DefaultValueFactory = _ => 20 };
        var budget = new Option<double?>("--time-budget") { Description = "Stop after this many seconds (a checkpoint is saved)." };
        var cell = new Option<string>("--cell") { Description = "rnn-tanh, rnn-relu, gru-simple, gru, gru-after, lstm or lstm-peephole.", DefaultValueFactory = _ => "lstm" };
        var layers = new Option<int>("--layers") { Description = "Stacked recurrent layers.", DefaultValueFactory = _ => 1 };
        var hidden = new Option<int>("--hidden-size") { Description = "Hidden units per layer.", DefaultValueFactory = _ => 128 };
        var embedding = new Option<int>("--embedding-size") { Description = "Embedding width.", DefaultValueFactory = _ => 64 };
        var dropout = new Option<double>("--dropout") { Description = "Dropout on embeddings, between layers and before the output.", DefaultValueFactory = _ => 0.0 };
        var seqLen = new Option<int>("--seq-len") { Description = "Window length in stream mode (truncated BPTT).", DefaultValueFactory = _ => 64 };
        var batch = new Option<int>("--batch-size") { Description = "Sequences per batch.", DefaultValueFactory = _ => 32 };
        var optimizer = new Option<string>("--optimizer") { Description = "sgd, adam, adamw or rmsprop.", DefaultValueFactory = _ => "adam" };
        var lr = new Option<double>("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => 2e-3 };
        var lrDecay = new Option<double>("--lr-decay") { Description = "Multiply the learning rate by this after each epoch from --decay-after on.", DefaultValueFactory = _ => 1.0 };
        var decayAfter = new Option<int>("--decay-after") { Description = "First epoch after which the learning rate decays.", DefaultValueFactory = _ => 1 };
        var clipNorm = new Option<double?>("--clip-norm") { Description = "Clip the global gradient norm (default 5; 0 turns it off)." };
        var clipValue = new Option<double?>("--clip-value") { Description = "Clip each gradient element to ±value." };
        var initRange = new Option<double?>("--init-range") { Description = "Initialise every parameter U(-R, R), as Zaremba et al. (default: PyTorch's per-module initialisation)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation, shuffling and dropout.", DefaultValueFactory = _ => 1UL };
        var threads = new Option<int>("--threads") { Description = "Worker threads for matrix products (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var vocabSize = new Option<int>("--vocab-size") { Description = "Vocabulary cap at word and whitespace level, <unk> and <eos> included; the rest becomes <unk>.", DefaultValueFactory = _ => 10000 };
        var lower = new Option<bool>("--lowercase") { Description = "Lower-case the text." };
        var valid = new Option<string?>("--valid") { Description = "Validation text (default: hold out --valid-fraction of the corpus)." };
        var test = new Option<string?>("--test") { Description = "Test text, evaluated with the best checkpoint at the end." };
        var validFraction = new Option<double>("--valid-fraction") { Description = "Held-out fraction when no --valid file is given.", DefaultValueFactory = _ => 0.1 };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its latest checkpoint." };
        var config = new Option<string?>("--config") { Description = "JSON file of option values (keys as the option names without dashes); the command line wins." };
        var logGradNorm = new Option<bool>("--log-grad-norm") { Description = $"Log every step's global gradient norm before clipping, clipped steps marked, to {GradientNormFiles.Csv} and {GradientNormFiles.Svg} in --out." };

        var command = new Command("train", "Train a language model.")
        {
            corpus, level, mode, output, epochs, budget, cell, layers, hidden, embedding, dropout, seqLen, batch, optimizer, lr,
            lrDecay, decayAfter, clipNorm, clipValue, initRange, seed, threads, vocabSize, lower, valid, test, validFraction, resume, config,
            logGradNorm,
        };
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            var cfg = ConfigFile.Load(parse.GetValue(config));
            T Get<T>(Option<T> option) => cfg.Get(parse, option);
            KernelThreads.Count = Positive(Get(threads), "--threads");
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
            double? clip = Get(clipNorm) ?? 5.0;
            var train = new TrainOptions
            {
                Epochs = Get(epochs),
                TimeBudget = Get(budget) is double s ? TimeSpan.FromSeconds(s) : null,
                BatchSize = Get(batch),
                SeqLen = Get(seqLen),
                Optimizer = Get(optimizer),
                LearningRate = Get(lr),
                LrDecay = Get(lrDecay),
                DecayAfter = Get(decayAfter),
                ClipNorm = clip == 0 ? null : clip,
                ClipValue = Get(clipValue),
                InitRange = Get(initRange),
                Seed = Get(seed),
            };
            string outDir = Get(output) ?? Path.Combine("runs", corpusPath is null ? "dinos" : Path.GetFileNameWithoutExtension(corpusPath));
            var modelOptions = new LanguageModelOptions(2)
            {
                Cell = CellKinds.Parse(Get(cell)),
                NumLayers = Get(layers),
                HiddenSize = Get(hidden),
                EmbeddingSize = Get(embedding),
                Dropout = Get(dropout),
            };
            bool explicitEpochs = cfg.IsSet(parse, epochs), explicitBudget = cfg.IsSet(parse, budget);
            return Train(data, train, modelOptions, outDir, Get(resume), explicitEpochs, explicitBudget, Get(logGradNorm));
        }));
        return command;
    }

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new ArgumentException($"{name} must be positive, got {value}.");

    private static int Train(TrainData data, TrainOptions train, LanguageModelOptions modelOptions, string outDir, bool resume,
        bool explicitEpochs, bool explicitBudget, bool logGradNorm)
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
                var saved = restored.TrainOptions ?? throw new InvalidDataException($"{latest}: the checkpoint holds no training options.");
                train = saved with
                {
                    Epochs = explicitEpochs ? train.Epochs : saved.Epochs,
                    TimeBudget = explicitBudget ? train.TimeBudget : saved.TimeBudget,
                };
                model = restored.Model;
                vocabulary = restored.Vocabulary;
            }
            else
            {
                data.Validate();
                train.Validate();
                string corpusForVocabulary = data.CorpusPath(temporary);
                vocabulary = CorpusReader.BuildVocabulary(corpusForVocabulary, data.TokenLevel,
                    data.TokenLevel == TokenLevel.Char ? int.MaxValue : data.VocabSize, data.LowerCase);
                model = new LanguageModel<float>(modelOptions with { VocabularySize = vocabulary.Count });
                if (train.InitRange is double range) model.Reset(new Rng(train.Seed), range);
                else model.Reset(new Rng(train.Seed));
            }
            train.Validate();
            string corpus = data.CorpusPath(temporary);
            var (trainSource, validSource, testSource, trainTokens) = data.Load(corpus, vocabulary, train);
            var trainer = new LanguageModelTrainer<float>(model, train);
            restored?.RestoreTrainer(trainer);
            Console.Error.WriteLine(
                $"recur: training {model.Options.Cell.ToName()} {model.Options.NumLayers}×{model.Options.HiddenSize} on {data.Corpus} " +
                $"({data.Level} level, {data.Mode} mode, {vocabulary.Count} tokens in the vocabulary, {trainTokens:N0} training tokens, " +
                $"{model.Store.Count:N0} parameters) into {outDir}");
            var gradientNorms = logGradNorm ? GradientNormFiles.Attach(trainer, outDir, resume) : null;
            TrainingSession.Result session;
            try
            {
                session = TrainingSession.Run(trainer, trainSource, validSource, outDir, resume,
                    path => LanguageModelCheckpoint.Save(path, model, vocabulary, data.ToJson(), trainer),
                    "tokens", loss => string.Create(CultureInfo.InvariantCulture, $"valid ppl {Math.Exp(loss):F2}"));
            }
            finally
            {
                // Also when training diverged: the steps before it are what shows the exploding gradient.
                if (gradientNorms is not null) GradientNormFiles.Save(gradientNorms, outDir, trainer.Options.ClipNorm);
            }
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
                $"recur: done: {state.Step} steps, {state.Tokens} tokens in {state.ElapsedSeconds:F1} s " +
                $"({state.Tokens / Math.Max(1e-9, state.ElapsedSeconds):F0} tokens/s over the run){valid}{test}; checkpoints in {outDir}"));
            return 0;
        }
        finally
        {
            foreach (var path in temporary) File.Delete(path);
        }
    }
}
