using System.CommandLine;
using System.Globalization;
using Recur.Cells;
using Recur.Models;
using Recur.Text;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary><c>recur translate train</c>: trains an encoder–decoder on parallel text or on the synthetic dates task.</summary>
internal static class TranslateTrainCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var common = new TrainingOptionSet(epochs: 10, batchSize: 64, learningRate: 2e-3, threads: null,
            outDefault: "runs/<data name> or runs/dates; the held-out splits are written there too", batchItems: "pairs");
        var data = new Option<string?>("--data") { Description = "Parallel text, source<TAB>target per line (further columns ignored)." };
        var task = new Option<string?>("--task") { Description = "A synthetic task generated on the fly instead of --data: dates (human-written dates to ISO 8601)." };
        var reverse = new Option<bool>("--reverse") { Description = "Translate the second column into the first (e.g. French to English with Tatoeba's fra.txt)." };
        var level = new Option<string>("--level") { Description = "Token level of both sides: word, char or whitespace (the dates task is always char).", DefaultValueFactory = _ => "word" };
        var lower = new Option<bool>("--lowercase") { Description = "Lower-case both sides (BLEU and exact match are then case-insensitive)." };
        var vocabSize = new Option<int>("--vocab-size") { Description = "Vocabulary cap per side at word level, <unk> and <eos> included.", DefaultValueFactory = _ => 10000 };
        var minCount = new Option<int>("--min-count") { Description = "Fewest occurrences in the training pairs for a token to enter a vocabulary.", DefaultValueFactory = _ => 1 };
        var maxLength = new Option<int>("--max-length") { Description = "Keep only pairs of at most this many tokens on each side, in every split (0: keep all).", DefaultValueFactory = _ => 0 };
        var valid = new Option<string?>("--valid") { Description = "Validation pairs (default: hold out --valid-fraction of --data)." };
        var test = new Option<string?>("--test") { Description = "Test pairs, scored with the best checkpoint at the end (default: hold out --test-fraction of --data)." };
        var validFraction = new Option<double>("--valid-fraction") { Description = "Share of --data held out for validation.", DefaultValueFactory = _ => 0.05 };
        var testFraction = new Option<double>("--test-fraction") { Description = "Share of --data held out for the final test (0: none).", DefaultValueFactory = _ => 0.05 };
        var examples = new Option<int>("--examples") { Description = "Dates task: fresh training pairs per epoch.", DefaultValueFactory = _ => 50000 };
        var validCount = new Option<int>("--valid-count") { Description = "Dates task: validation and test pairs (held-out dates).", DefaultValueFactory = _ => 2000 };
        var evalCount = new Option<int>("--eval-count") { Description = "Validation pairs translated greedily after each epoch for exact match and BLEU (0: none).", DefaultValueFactory = _ => 1000 };
        var cell = new Option<string>("--cell") { Description = "rnn-tanh, rnn-relu, gru-simple, gru, gru-after, lstm or lstm-peephole.", DefaultValueFactory = _ => "lstm" };
        var layers = new Option<int>("--layers") { Description = "Stacked layers of the encoder and of the decoder.", DefaultValueFactory = _ => 1 };
        var hidden = new Option<int>("--hidden-size") { Description = "Hidden units per layer (and direction).", DefaultValueFactory = _ => 256 };
        var embedding = new Option<int>("--embedding-size") { Description = "Source and target embedding width.", DefaultValueFactory = _ => 128 };
        var bidirectional = new Option<bool>("--bidirectional") { Description = "Bidirectional encoder." };
        var bridge = new Option<string>("--bridge") { Description = "How a bidirectional encoder's two final states start the decoder: linear (tanh of a learned map) or sum.", DefaultValueFactory = _ => "linear" };
        var reverseSource = new Option<bool>("--reverse-source") { Description = "Feed the source to the encoder last token first (Sutskever et al.)." };
        var dropout = new Option<double>("--dropout") { Description = "Dropout on embeddings, between layers and before the output layer.", DefaultValueFactory = _ => 0.0 };

        var command = new Command("train", "Train an encoder–decoder on parallel text (--data) or on the dates task (--task dates).")
        {
            data, task, reverse, level, lower, vocabSize, minCount, maxLength, valid, test, validFraction, testFraction, examples, validCount,
            evalCount, cell, layers, hidden, embedding, bidirectional, bridge, reverseSource, dropout,
        };
        common.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            var cfg = common.LoadConfig(parse);
            T Get<T>(Option<T> option) => cfg.Get(parse, option);
            var description = new TranslateData
            {
                Data = Get(data), Task = Get(task), Reverse = Get(reverse), Level = Get(level), LowerCase = Get(lower),
                VocabSize = Get(vocabSize), MinCount = Get(minCount), MaxLength = Get(maxLength), Valid = Get(valid), Test = Get(test),
                ValidFraction = Get(validFraction), TestFraction = Get(testFraction), Examples = Get(examples), ValidCount = Get(validCount),
                EvalCount = Get(evalCount),
            };
            var train = common.Build(parse, cfg);
            string bridgeName = Get(bridge);
            var modelOptions = new Seq2SeqOptions(2, 2)
            {
                Cell = CellKinds.Parse(Get(cell)),
                NumLayers = Get(layers),
                HiddenSize = Get(hidden),
                EmbeddingSize = Get(embedding),
                Bidirectional = Get(bidirectional),
                Bridge = bridgeName switch
                {
                    "linear" => Seq2SeqBridge.Linear,
                    "sum" => Seq2SeqBridge.Sum,
                    _ => throw new ArgumentException($"Unknown bridge '{bridgeName}'. Expected linear or sum."),
                },
                ReverseSource = Get(reverseSource),
                Dropout = Get(dropout),
            };
            OptionCheck.Run(modelOptions.Validate);
            string outDir = common.OutDirectory(parse, cfg, description.Task ?? (description.Data is null ? null : Path.GetFileNameWithoutExtension(description.Data)));
            return Train(description, train, modelOptions, outDir, Get(common.Resume),
                saved => common.Resumed(parse, cfg, saved, train, Path.Combine(outDir, RunFiles.Latest)), Get(common.LogGradNorm));
        }));
        return command;
    }

    private static int Train(TranslateData data, TrainOptions train, Seq2SeqOptions modelOptions, string outDir, bool resume,
        Func<TrainOptions?, TrainOptions> resumed, bool logGradNorm)
    {
        string latest = Path.Combine(outDir, RunFiles.Latest), best = Path.Combine(outDir, RunFiles.Best);
        Seq2Seq<float> model;
        Vocabulary sourceVocabulary, targetVocabulary;
        Seq2SeqCheckpoint? restored = null;
        if (resume)
        {
            if (!File.Exists(latest)) throw new FileNotFoundException($"{latest}: nothing to resume (no latest checkpoint in {outDir}).");
            restored = Seq2SeqCheckpoint.Load(latest);
            data = TranslateData.FromJson(restored.Data, latest);
            train = resumed(restored.TrainOptions);
            model = restored.Model;
            (sourceVocabulary, targetVocabulary) = (restored.SourceVocabulary, restored.TargetVocabulary);
        }
        else
        {
            data.Validate();
            model = null!;
            (sourceVocabulary, targetVocabulary) = (null!, null!);
        }
        var (trainText, validText, testText) = data.Splits(train.Seed);
        if (!resume)
        {
            (sourceVocabulary, targetVocabulary) = data.Vocabularies(trainText);
            model = TrainingOptionSet.NewModel(() => new Seq2Seq<float>(modelOptions with { SourceVocabularySize = sourceVocabulary.Count, TargetVocabularySize = targetVocabulary.Count }));
            model.Reset(new Rng(train.Seed));
        }
        var trainPairs = data.Encode(trainText, sourceVocabulary, targetVocabulary);
        if (!data.IsDates && trainPairs.Length == 0) throw new ArgumentException($"{data.Name}: no training pair has a source token.");
        var validPairs = data.Encode(validText, sourceVocabulary, targetVocabulary);
        if (validPairs.Length == 0) throw new ArgumentException($"{data.Name}: no validation pair has a source token.");
        var trainSource = data.TrainSource(trainPairs, sourceVocabulary, targetVocabulary, train.BatchSize, train.Seed);
        var validSource = new Seq2SeqBatchSource(validPairs, train.BatchSize, seed: null);
        if (!data.IsDates)
        {
            Directory.CreateDirectory(outDir);
            data.WriteSplit(Path.Combine(outDir, "valid.tsv"), validText);
            if (testText.Count > 0) data.WriteSplit(Path.Combine(outDir, "test.tsv"), testText);
        }

        var trainer = new Trainer<float, Seq2SeqBatch>(model, train);
        restored?.RestoreTrainer(trainer);
        var translator = new Seq2SeqTranslator(model, sourceVocabulary, targetVocabulary);
        var evalPairs = validText.Where(p => sourceVocabulary.Encode(p.Source).Length > 0).Take(data.EvalCount).ToArray();
        var o = model.Options;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"recur: training {o.Cell.ToName()} {o.NumLayers}×{o.HiddenSize} encoder{(o.Bidirectional ? $" (bidirectional, {o.Bridge.ToString().ToLowerInvariant()} bridge)" : "")} " +
            $"and decoder on {data.Name}{(data.Reverse ? " (reversed)" : "")} ({data.TokenLevel.ToString().ToLowerInvariant()} level, " +
            $"{sourceVocabulary.Count} source and {targetVocabulary.Count} target tokens in the vocabularies, " +
            $"{(data.IsDates ? $"{data.Examples:N0} fresh pairs per epoch" : $"{trainPairs.Length:N0} training pairs")}, {validPairs.Length:N0} validation, " +
            $"{testText.Count:N0} test; {model.Store.Count:N0} parameters) into {outDir}"));
        var session = TrainingSession.Run(trainer, trainSource, validSource, outDir, resume,
            path => Seq2SeqCheckpoint.Save(path, model, sourceVocabulary, targetVocabulary, data.ToJson(), trainer),
            "tokens", evalPairs.Length == 0 ? null : _ =>
            {
                var scores = translator.Evaluate(evalPairs);
                return string.Create(CultureInfo.InvariantCulture, $"valid exact {TranslateData.Percent(scores.ExactMatch)}  BLEU {scores.Bleu.Score:F2}");
            }, logGradNorm);
        if (session.Interrupted) return CommandRunner.Interrupted;

        var state = trainer.State;
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"recur: done: {TrainingSession.Steps(state)}, {state.Tokens} target tokens in {state.ElapsedSeconds:F1} s " +
            $"({state.Tokens / Math.Max(1e-9, state.ElapsedSeconds):F0} tokens/s over the run)");
        // A run stopped inside an epoch (time budget) is measured as last saved; a finished one by its best checkpoint.
        string measured = session.Finished ? best : latest;
        if (File.Exists(measured))
        {
            var checkpoint = Seq2SeqCheckpoint.Load(measured);
            var bestTranslator = new Seq2SeqTranslator(checkpoint.Model, checkpoint.SourceVocabulary, checkpoint.TargetVocabulary);
            var validScores = bestTranslator.Evaluate(validText.Where(p => sourceVocabulary.Encode(p.Source).Length > 0).ToArray());
            summary += string.Create(CultureInfo.InvariantCulture,
                $"; {(session.Finished ? "best" : "latest")} checkpoint, greedy: valid exact match {TranslateData.Percent(validScores.ExactMatch)}, BLEU {validScores.Bleu.Score:F2} ({validScores.Count} pairs)");
            var testPairs = testText.Where(p => sourceVocabulary.Encode(p.Source).Length > 0).ToArray();
            if (testPairs.Length > 0)
            {
                var testScores = bestTranslator.Evaluate(testPairs);
                summary += string.Create(CultureInfo.InvariantCulture,
                    $", test exact match {TranslateData.Percent(testScores.ExactMatch)}, BLEU {testScores.Bleu.Score:F2} ({testScores.Count} pairs)");
            }
        }
        Console.Out.WriteLine(summary + $"; checkpoints in {outDir}");
        return 0;
    }
}
