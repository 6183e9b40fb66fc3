using System.CommandLine;
using System.Globalization;
using Recur.Cells;
using Recur.Kernels;
using Recur.Models;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary><c>recur music train</c>: trains a polyphonic music model on piano rolls.</summary>
internal static class MusicTrainCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var data = new Option<string?>("--data") { Description = "JSON piano-roll data set ({\"train\",\"valid\",\"test\"}, as jsb-chorales-quarter.json) or a folder with train/, valid/, test/ MIDI files." };
        var framesPerQuarter = new Option<int>("--frames-per-quarter") { Description = "Resolution when MIDI files are quantised (and of generated files).", DefaultValueFactory = _ => 1 };
        var pitches = new Option<string>("--pitches") { Description = "Pitch range of the model: piano (88 keys, 21-108, as the papers), data (lowest to highest pitch in the data) or LOW-HIGH.", DefaultValueFactory = _ => "piano" };
        var output = new Option<string?>("--out") { Description = "Run directory for checkpoints, metrics.csv and loss.svg (default runs/<data name>)." };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training data.", DefaultValueFactory = _ => 100 };
        var budget = new Option<double?>("--time-budget") { Description = "Stop after this many seconds (a checkpoint is saved)." };
        var cell = new Option<string>("--cell") { Description = "gru (reset gate before the matmul, as Chung et al.), gru-after, lstm, rnn-tanh, rnn-relu, gru-simple or lstm-peephole.", DefaultValueFactory = _ => "gru" };
        var layers = new Option<int>("--layers") { Description = "Stacked recurrent layers.", DefaultValueFactory = _ => 1 };
        var hidden = new Option<int>("--hidden-size") { Description = "Hidden units per layer (46 GRU / 36 LSTM units give about 20k parameters on 88 pitches).", DefaultValueFactory = _ => 46 };
        var dropout = new Option<double>("--dropout") { Description = "Dropout between layers and before the output layer.", DefaultValueFactory = _ => 0.0 };
        var recurrentDropout = new Option<double>("--recurrent-dropout") { Description = "Variational dropout on the recurrent connection (one mask per sequence).", DefaultValueFactory = _ => 0.0 };
        var batch = new Option<int>("--batch-size") { Description = "Sequences per batch.", DefaultValueFactory = _ => 8 };
        var optimizer = new Option<string>("--optimizer") { Description = "sgd, adam, adamw or rmsprop.", DefaultValueFactory = _ => "adam" };
        var lr = new Option<double>("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => 3e-3 };
        var lrDecay = new Option<double>("--lr-decay") { Description = "Multiply the learning rate by this after each epoch from --decay-after on.", DefaultValueFactory = _ => 1.0 };
        var decayAfter = new Option<int>("--decay-after") { Description = "First epoch after which the learning rate decays.", DefaultValueFactory = _ => 1 };
        var clipNorm = new Option<double?>("--clip-norm") { Description = "Clip the global gradient norm (default 5; 0 turns it off)." };
        var clipValue = new Option<double?>("--clip-value") { Description = "Clip each gradient element to ±value." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation, shuffling and dropout.", DefaultValueFactory = _ => 1UL };
        var threads = new Option<int>("--threads") { Description = "Worker threads for matrix products.", DefaultValueFactory = _ => 1 };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its latest checkpoint." };
        var config = new Option<string?>("--config") { Description = "JSON file of option values (keys as the option names without dashes); the command line wins." };

        var command = new Command("train", "Train a polyphonic music model (multi-hot frames, one sigmoid per pitch).")
        {
            data, framesPerQuarter, pitches, output, epochs, budget, cell, layers, hidden, dropout, recurrentDropout, batch, optimizer, lr, lrDecay,
            decayAfter, clipNorm, clipValue, seed, threads, resume, config,
        };
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            var cfg = ConfigFile.Load(parse.GetValue(config));
            T Get<T>(Option<T> option) => cfg.Get(parse, option);
            int threadCount = Get(threads);
            if (threadCount <= 0) throw new ArgumentException($"--threads must be positive, got {threadCount}.");
            KernelThreads.Count = threadCount;
            var music = new MusicData { Data = Get(data) ?? "", FramesPerQuarter = Get(framesPerQuarter), Pitches = Get(pitches) };
            double? clip = Get(clipNorm) ?? 5.0;
            var train = new TrainOptions
            {
                Epochs = Get(epochs),
                TimeBudget = Get(budget) is double s ? TimeSpan.FromSeconds(s) : null,
                BatchSize = Get(batch),
                Optimizer = Get(optimizer),
                LearningRate = Get(lr),
                LrDecay = Get(lrDecay),
                DecayAfter = Get(decayAfter),
                ClipNorm = clip == 0 ? null : clip,
                ClipValue = Get(clipValue),
                Seed = Get(seed),
            };
            var modelOptions = new MusicModelOptions
            {
                Cell = CellKinds.Parse(Get(cell)),
                NumLayers = Get(layers),
                HiddenSize = Get(hidden),
                Dropout = Get(dropout),
                RecurrentDropout = Get(recurrentDropout),
            };
            string? dataPath = Get(data);
            string outDir = Get(output) ?? Path.Combine("runs", dataPath is null ? "music" : Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(dataPath)));
            return Train(music, train, modelOptions, outDir, Get(resume), cfg.IsSet(parse, epochs), cfg.IsSet(parse, budget));
        }));
        return command;
    }

    private static int Train(MusicData music, TrainOptions train, MusicModelOptions modelOptions, string outDir, bool resume,
        bool explicitEpochs, bool explicitBudget)
    {
        string latest = Path.Combine(outDir, RunFiles.Latest), best = Path.Combine(outDir, RunFiles.Best);
        MusicModel<float> model;
        MusicCheckpoint? restored = null;
        MusicDataset dataset;
        if (resume)
        {
            if (!File.Exists(latest)) throw new FileNotFoundException($"{latest}: nothing to resume (no latest checkpoint in {outDir}).");
            restored = MusicCheckpoint.Load(latest);
            music = MusicData.FromJson(restored.Data, latest);
            var saved = restored.TrainOptions ?? throw new InvalidDataException($"{latest}: the checkpoint holds no training options.");
            train = saved with
            {
                Epochs = explicitEpochs ? train.Epochs : saved.Epochs,
                TimeBudget = explicitBudget ? train.TimeBudget : saved.TimeBudget,
            };
            model = restored.Model;
            dataset = music.Load();
        }
        else
        {
            music.Validate();
            train.Validate();
            dataset = music.Load();
            var (lowest, count) = music.PitchRange(dataset);
            model = new MusicModel<float>(modelOptions with { LowestPitch = lowest, PitchCount = count });
            model.Reset(new Rng(train.Seed));
        }
        train.Validate();
        var o = model.Options;
        dataset.CheckPitchRange(o.LowestPitch, o.PitchCount);
        var trainSource = new MusicBatchSource(dataset.Train, train.BatchSize, o.LowestPitch, o.PitchCount, train.Seed);
        var validSource = dataset.Valid.Count > 0 ? new MusicBatchSource(dataset.Valid, train.BatchSize, o.LowestPitch, o.PitchCount, null) : null;
        var trainer = new Trainer<float, PianoRollBatch>(model, train);
        restored?.RestoreTrainer(trainer);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"recur: training {o.Cell.ToName()} {o.NumLayers}×{o.HiddenSize} on {dataset.Source} ({dataset.Train.Count} training sequences, " +
            $"{trainSource.PredictedFrames:N0} predicted frames per epoch; {dataset.Valid.Count} valid, {dataset.Test.Count} test; " +
            $"pitches {o.LowestPitch}–{o.HighestPitch}; {model.Store.Count:N0} parameters) into {outDir}"));
        var session = TrainingSession.Run(trainer, trainSource, validSource, outDir, resume,
            path => MusicCheckpoint.Save(path, model, music.ToJson(), trainer), "frames");
        if (session.Interrupted) return CommandRunner.Interrupted;
        double? validLoss = session.LastValidLoss;
        if (!session.Finished && validSource is not null) validLoss = trainer.Evaluate(validSource);
        string test = "";
        if (dataset.Test.Count > 0 && File.Exists(best))
        {
            var result = MusicEvaluation.Evaluate(MusicCheckpoint.Load(best).Model, dataset.Test);
            test = string.Create(CultureInfo.InvariantCulture,
                $"; test frame NLL {result.Nll:F4} over {result.Frames} predicted frames of {result.Sequences} sequences (best checkpoint)");
        }
        var state = trainer.State;
        string valid = validLoss is double v ? string.Create(CultureInfo.InvariantCulture, $"; valid frame NLL {v:F4}") : "";
        string bestValid = double.IsFinite(state.BestValidLoss) ? string.Create(CultureInfo.InvariantCulture, $" (best {state.BestValidLoss:F4})") : "";
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"recur: done: {state.Step} steps, {state.Tokens} frames in {state.ElapsedSeconds:F1} s " +
            $"({state.Tokens / Math.Max(1e-9, state.ElapsedSeconds):F0} frames/s over the run){valid}{bestValid}{test}; checkpoints in {outDir}"));
        return 0;
    }
}
