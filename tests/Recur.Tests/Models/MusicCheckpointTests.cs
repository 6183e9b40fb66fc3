using Recur.Cells;
using Recur.IO;
using Recur.Models;
using Recur.Tests.IO;
using Recur.Training;

namespace Recur.Tests.Models;

public sealed class MusicCheckpointTests
{
    [Fact]
    public void SaveThenLoad_WeightsOptionsDataAndTrainerState_Equal()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.ckpt");
        var model = new MusicModel<float>(new MusicModelOptions { Cell = CellKind.Lstm, HiddenSize = 6, NumLayers = 2, LowestPitch = 40, PitchCount = 30, Dropout = 0.1 });
        model.Reset(new Rng(3));
        var trainer = new Trainer<float, PianoRollBatch>(model, new TrainOptions { Epochs = 7, LearningRate = 0.01 });
        var rolls = Enumerable.Range(0, 4).Select(i => new PianoRoll([[40 + i], [50], [60 + i]])).ToArray();
        var batch = new PianoRollBatch();
        var source = new MusicBatchSource(rolls, 4, 40, 30, 1);
        source.Next(batch);
        trainer.TrainStep(batch);
        MusicCheckpoint.Save(path, model, "{\"Data\":\"x.json\"}", trainer);

        var loaded = MusicCheckpoint.Load(path);
        Assert.Equal(model.Options, loaded.Model.Options);
        Assert.Equal(model.Store.Values.ToArray(), loaded.Model.Store.Values.ToArray());
        Assert.Equal("{\"Data\":\"x.json\"}", loaded.Data);
        Assert.Equal(7, loaded.TrainOptions!.Epochs);
        var resumed = new Trainer<float, PianoRollBatch>(loaded.Model, loaded.TrainOptions);
        loaded.RestoreTrainer(resumed);
        Assert.Equal(1, resumed.State.Step);
        Assert.Equal(trainer.DropoutRng.State, resumed.DropoutRng.State);
    }

    [Fact]
    public void Load_OtherFormat_ThrowsInvalidDataNamingFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("lm.ckpt");
        var file = new CheckpointFile();
        file.SetString("format", "recur-language-model");
        file.Save(path);
        var e = Assert.Throws<InvalidDataException>(() => MusicCheckpoint.Load(path));
        Assert.Equal($"{path}: not a Recur music checkpoint (format 'recur-language-model', expected 'recur-music').", e.Message);
    }
}
