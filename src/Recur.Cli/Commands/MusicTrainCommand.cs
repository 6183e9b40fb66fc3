using System.CommandLine;
using System.Globalization;
using Recur.Cells;
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
        var common = new TrainingOptionSet(epochs: 100, batchSize: 8, learningRate: 3e-3, threads: 1, outDefault: "runs/<data name>");
        var cell = new Option<string>("--cell") { Description = "gru (reset gate before the matmul, as Chung et al.), gru-after, lstm, rnn-tanh, rnn-relu, gru-simple or lstm-peephole.", DefaultValueFactory = _ => "gru" };
        var layers = new Option<int>("--layers") { Description = "Stacked recurrent layers.", DefaultValueFactory = _ => 1 };
        var hidden = new Option<int>("--hidden-size") { Description = "Hidden units per layer (46 GRU / 36 LSTM units give about 20k parameters on 88 pitches).", DefaultValueFactory = _ => 46 };
        var dropout = new Option<double>("--dropout") { Description = "Dropout between layers and before the output layer.", DefaultValueFactory = _ => 0.0 };
        var recurrentDropout = new Option<double>("--recurrent-dropout") { Description = "Variational dropout on the recurrent connection (one mask per sequence).", DefaultValueFactory = _ => 0.0 };

        var command = new Command("train", "Train a polyphonic music model (multi-hot frames, one sigmoid per pitch).")
        {
            data, framesPerQuarter, pitches, cell, layers, hidden, dropout, recurrentDropout,
        };
        common.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            var cfg = common.LoadConfig(parse);
            T Get<T>(Option<T> option) => cfg.Get(parse, option);
            var music = new MusicData { Data = Get(data) ?? "", FramesPerQuarter = Get(framesPerQuarter), Pitches = Get(pitches) };
            var train = common.Build(parse, cfg);
            var modelOptions = new MusicModelOptions
            {
                Cell = CellKinds.Parse(Get(cell)),
                NumLayers = Get(layers),
                HiddenSize = Get(hidden),
                Dropout = Get(dropout),
                RecurrentDropout = Get(recurrentDropout),
            };
            OptionCheck.Run(modelOptions.Validate);
            string? dataPath = Get(data);
            string outDir = common.OutDirectory(parse, cfg, dataPath is null ? "music" : Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(dataPath)));
            return Train(music, train, modelOptions, outDir, Get(common.Resume),
                saved => common.Resumed(parse, cfg, saved, train, Path.Combine(outDir, RunFiles.Latest)), Get(common.LogGradNorm));
        }));
        return command;
    }

    private static int Train(MusicData music, TrainOptions train, MusicModelOptions modelOptions, string outDir, bool resume,
        Func<TrainOptions?, TrainOptions> resumed, bool logGradNorm)
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
            train = resumed(restored.TrainOptions);
            model = restored.Model;
            dataset = music.Load();
        }
        else
        {
            music.Validate();
            dataset = music.Load();
            var (lowest, count) = music.PitchRange(dataset);
            model = TrainingOptionSet.NewModel(() => new MusicModel<float>(modelOptions with { LowestPitch = lowest, PitchCount = count }));
            model.Reset(new Rng(train.Seed));
        }
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
            path => MusicCheckpoint.Save(path, model, music.ToJson(), trainer), "frames", logGradNorm: logGradNorm);
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
            $"recur: done: {TrainingSession.Steps(state)}, {state.Tokens} frames in {state.ElapsedSeconds:F1} s " +
            $"({state.Tokens / Math.Max(1e-9, state.ElapsedSeconds):F0} frames/s over the run){valid}{bestValid}{test}; checkpoints in {outDir}"));
        return 0;
    }
}
