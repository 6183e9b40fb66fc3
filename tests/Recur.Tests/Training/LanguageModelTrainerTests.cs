using Recur.Cells;
using Recur.Models;
using Recur.Text;
using Recur.Training;

namespace Recur.Tests.Training;

public sealed class LanguageModelTrainerTests
{
    private static (Vocabulary Vocabulary, int[] Ids) Corpus()
    {
        var builder = new VocabularyBuilder(TokenLevel.Char);
        string[] lines = ["the cat sat on the mat", "a dog ate the bone", "cats and dogs", "the end of the line"];
        foreach (var l in lines) builder.Add(l);
        var vocabulary = builder.Build(int.MaxValue);
        var ids = new List<int>();
        for (int r = 0; r < 6; r++)
            foreach (var l in lines) { vocabulary.EncodeTo(l, ids); ids.Add(Vocabulary.EosId); }
        return (vocabulary, ids.ToArray());
    }

    private static LanguageModelTrainer<float> NewTrainer(Vocabulary vocabulary, TrainOptions options)
    {
        var model = new LanguageModel<float>(new LanguageModelOptions(vocabulary.Count)
        {
            Cell = CellKind.Lstm, EmbeddingSize = 8, HiddenSize = 16, NumLayers = 2, Dropout = 0.2,
        });
        model.Reset(new Rng(options.Seed));
        return new LanguageModelTrainer<float>(model, options);
    }

    [Fact]
    public void Resume_HalfwayThroughCheckpoint_EqualsUninterruptedRun()
    {
        var (vocabulary, ids) = Corpus();
        var options = new TrainOptions { Epochs = 2, BatchSize = 4, SeqLen = 7, LearningRate = 5e-3, Seed = 7 };
        string dir = Directory.CreateTempSubdirectory("recur-resume").FullName;
        try
        {
            var whole = NewTrainer(vocabulary, options);
            Assert.True(whole.Train(new StreamBatchSource(new StreamBatcher(ids, 4, 7)), null, null, null, CancellationToken.None));

            // Stop after a few steps (mid-epoch), save, load into fresh objects, finish.
            var first = NewTrainer(vocabulary, options);
            using var stop = new CancellationTokenSource();
            int steps = 0;
            var source = new CountingSource(new StreamBatchSource(new StreamBatcher(ids, 4, 7)), () => { if (++steps == 5) stop.Cancel(); });
            Assert.False(first.Train(source, null, null, null, stop.Token));
            string path = Path.Combine(dir, "latest.ckpt");
            LanguageModelCheckpoint.Save(path, first.Model, vocabulary, "{}", first);

            var loaded = LanguageModelCheckpoint.Load(path);
            var second = new LanguageModelTrainer<float>(loaded.Model, loaded.TrainOptions!);
            loaded.RestoreTrainer(second);
            Assert.True(second.Train(new StreamBatchSource(new StreamBatcher(ids, 4, 7)), null, null, null, CancellationToken.None));

            Assert.Equal(whole.State.Step, second.State.Step);
            var a = whole.Model.Store.Values.ToArray();
            var b = second.Model.Store.Values.ToArray();
            double worst = 0;
            for (int i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
            Assert.True(worst <= 1e-6, $"max |difference| {worst:E3}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Checkpoint_SaveThenLoad_WeightsAndStateBitIdentical()
    {
        var (vocabulary, ids) = Corpus();
        var trainer = NewTrainer(vocabulary, new TrainOptions { Epochs = 1, BatchSize = 4, SeqLen = 7, InitRange = 0.1 });
        trainer.Train(new StreamBatchSource(new StreamBatcher(ids, 4, 7)), null, null, null, CancellationToken.None);
        string path = Path.Combine(Path.GetTempPath(), $"recur-ckpt-{Guid.NewGuid():N}.ckpt");
        try
        {
            LanguageModelCheckpoint.Save(path, trainer.Model, vocabulary, "{\"corpus\":\"x\"}", trainer);
            var loaded = LanguageModelCheckpoint.Load(path);
            Assert.Equal(trainer.Model.Store.Values.ToArray(), loaded.Model.Store.Values.ToArray());
            Assert.Equal(trainer.Model.HiddenState.ToArray(), loaded.Model.HiddenState.ToArray());
            Assert.Equal(vocabulary.Tokens, loaded.Vocabulary.Tokens);
            Assert.Equal(trainer.Options, loaded.TrainOptions);
            var restored = new LanguageModelTrainer<float>(loaded.Model, loaded.TrainOptions!);
            loaded.RestoreTrainer(restored);
            Assert.Equal(trainer.DropoutRng.State, restored.DropoutRng.State);
            Assert.Equal(trainer.Optimizer.StepCount, restored.Optimizer.StepCount);
            Assert.Equal(trainer.State.Tokens, restored.State.Tokens);
            Assert.Equal(ids.Length / 4 * 4 - 4, trainer.State.Tokens); // every target of the 4 streams, trimmed to ⌊N/4⌋
            for (int i = 0; i < trainer.Optimizer.StateBuffers.Count; i++)
                Assert.Equal(trainer.Optimizer.StateBuffers[i].Buffer, restored.Optimizer.StateBuffers[i].Buffer);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Checkpoint_WrittenBeforeInitRangeAndTokenTotal_StillResumes()
    {
        var (vocabulary, ids) = Corpus();
        var trainer = NewTrainer(vocabulary, new TrainOptions { Epochs = 1, BatchSize = 4, SeqLen = 7 });
        trainer.Train(new StreamBatchSource(new StreamBatcher(ids, 4, 7)), null, null, null, CancellationToken.None);
        string path = Path.Combine(Path.GetTempPath(), $"recur-ckpt-{Guid.NewGuid():N}.ckpt");
        try
        {
            LanguageModelCheckpoint.Save(path, trainer.Model, vocabulary, "{}", trainer);
            // As an earlier version wrote it: no InitRange key, four position values.
            var file = Recur.IO.CheckpointFile.Load(path);
            string options = file.GetString("train.options");
            Assert.Contains("\"InitRange\":null,", options);
            file.SetString("train.options", options.Replace("\"InitRange\":null,", ""));
            file.SetInt64s("trainer.position", file.GetInt64s("trainer.position")[..4]);
            file.Save(path);

            var loaded = LanguageModelCheckpoint.Load(path);
            Assert.Equal(trainer.Options, loaded.TrainOptions);
            var restored = new LanguageModelTrainer<float>(loaded.Model, loaded.TrainOptions!);
            loaded.RestoreTrainer(restored);
            Assert.Equal(trainer.State.Step, restored.State.Step);
            Assert.Equal(0, restored.State.Tokens);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TrainStep_NonFiniteWeights_ThrowsDivergedAndNamesStep()
    {
        var (vocabulary, ids) = Corpus();
        var trainer = NewTrainer(vocabulary, new TrainOptions { Epochs = 1, BatchSize = 4, SeqLen = 7 });
        trainer.Model.Store.Value(trainer.Model.Decoder.Weight)[0] = float.NaN;
        var e = Assert.Throws<TrainingDivergedException>(() =>
            trainer.Train(new StreamBatchSource(new StreamBatcher(ids, 4, 7)), null, null, null, CancellationToken.None));
        Assert.Equal(1, e.Step);
        Assert.Contains("not finite", e.Message);
    }

    [Fact]
    public void Train_SmallCorpus_LossFalls()
    {
        var (vocabulary, ids) = Corpus();
        var trainer = NewTrainer(vocabulary, new TrainOptions { Epochs = 30, BatchSize = 4, SeqLen = 7, LearningRate = 1e-2 });
        var losses = new List<double>();
        trainer.Train(new StreamBatchSource(new StreamBatcher(ids, 4, 7)), new StreamBatchSource(new StreamBatcher(ids, 4, 7)),
            null, r => losses.Add(r.ValidLoss), CancellationToken.None);
        Assert.True(losses[^1] < 0.6 * losses[0], $"loss went from {losses[0]:F3} to {losses[^1]:F3}");
    }

    private sealed class CountingSource(IBatchSource inner, Action onBatch) : IBatchSource
    {
        public int BatchCount => inner.BatchCount;
        public void StartEpoch(int epoch) => inner.StartEpoch(epoch);
        public bool Next(TokenBatch batch)
        {
            bool more = inner.Next(batch);
            if (more) onBatch();
            return more;
        }
    }
}
