using Recur.Cells;
using Recur.Layers;
using Recur.Models;
using Recur.Tests.IO;
using Recur.Tests.TestSupport;
using Recur.Text;
using Recur.Training;

namespace Recur.Tests.Models;

public sealed class ClassifierTests
{
    [Theory]
    [InlineData(Pooling.Last, true, 2, CellKind.Lstm)]
    [InlineData(Pooling.Last, false, 1, CellKind.GruResetAfter)]
    [InlineData(Pooling.Mean, true, 1, CellKind.Lstm)]
    [InlineData(Pooling.Mean, false, 2, CellKind.Gru)]
    [InlineData(Pooling.Max, true, 1, CellKind.GruResetAfter)]
    [InlineData(Pooling.Max, false, 2, CellKind.Lstm)]
    public void Backward_TinyBatch_MatchesFiniteDifferences(Pooling pooling, bool bidirectional, int layers, CellKind cell)
    {
        var model = new Classifier<double>(new ClassifierOptions(8, 3)
        {
            Cell = cell, EmbeddingSize = 3, HiddenSize = 4, NumLayers = layers, Bidirectional = bidirectional, Pooling = pooling,
            Dropout = 0.25, ClassWeights = [0.5, 2, 1.25],
        });
        model.Reset(new Rng(4));
        // An empty text pools to zeros; an unlabelled one counts for nothing.
        ClassificationExample[] examples = [new([2, 3, 4, 5, 6], 0), new([7, 2], 2), new([], 1), new([3, 3, 5], ClassificationBatch.IgnoreLabel), new([6], 1)];
        var source = new ClassificationBatchSource(examples, 5, null);
        var batch = new ClassificationBatch();
        source.StartEpoch(0);
        Assert.True(source.Next(batch));
        double Loss() => model.Forward(batch, new Rng(8));
        Loss();
        model.Store.ZeroGradients();
        model.Backward();
        var analytic = model.Store.Gradients.ToArray();
        ParameterGradientCheck.Check(model.Store.Values, analytic, Loss, $"classifier {pooling} bi={bidirectional} layers={layers} {cell}");
    }

    [Fact]
    public void Train_DnaContainsMotif_ReachesAccuracyOnNewSequences()
    {
        // Random A/C/G/T strings of 12–24 bases; the positive half has TATA inserted somewhere, the negative half has none.
        (string Text, string Label)[] Make(int count, ulong seed)
        {
            var rng = new Rng(seed);
            var data = new (string, string)[count];
            for (int i = 0; i < count; i++)
            {
                bool positive = i % 2 == 0;
                string s;
                do
                {
                    s = new string(Enumerable.Range(0, 12 + rng.NextInt(13)).Select(_ => "ACGT"[rng.NextInt(4)]).ToArray());
                    if (positive)
                    {
                        int at = rng.NextInt(s.Length - 3);
                        s = s[..at] + "TATA" + s[(at + 4)..];
                    }
                } while (!positive && s.Contains("TATA", StringComparison.Ordinal));
                data[i] = (s, positive ? "motif" : "none");
            }
            return data;
        }
        var train = Make(400, 1);
        var test = Make(200, 2);
        var vocabularies = ClassifierVocabularies.Build(train, TokenLevel.Char, lowerCase: false);
        Assert.Equal(6, vocabularies.Tokens.Count);
        var model = new Classifier<float>(new ClassifierOptions(vocabularies.Tokens.Count, 2)
        {
            Cell = CellKind.GruResetAfter, EmbeddingSize = 8, HiddenSize = 16, Pooling = Pooling.Max,
        });
        model.Reset(new Rng(1));
        var trainer = new ClassifierTrainer<float>(model, new TrainOptions { Epochs = 12, BatchSize = 16, LearningRate = 0.01 });
        var trainSource = new ClassificationBatchSource(train.Select(e => vocabularies.Encode(e.Text, e.Label)).ToArray(), 16, 1);
        var testSource = new ClassificationBatchSource(test.Select(e => vocabularies.Encode(e.Text, e.Label)).ToArray(), 64, null);
        trainer.Train(trainSource, testSource, null, null, TestContext.Current.CancellationToken);
        var accuracy = trainer.LastScores!.Accuracy;
        Assert.True(accuracy >= 0.95, $"accuracy {accuracy:P2}");
    }

    [Fact]
    public void Predict_Probabilities_SumToOneAndArgMaxIsTheLabel()
    {
        var model = new Classifier<float>(new ClassifierOptions(5, 3) { EmbeddingSize = 2, HiddenSize = 3 });
        model.Reset(new Rng(2));
        var source = new ClassificationBatchSource([new([2, 3], -100), new([4, 4, 4, 2], -100), new([], -100)], 2, null);
        var prediction = ClassifierEvaluation.Predict(model, source);
        Assert.True(double.IsNaN(prediction.Loss));
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(1.0, prediction.Probabilities[i].Sum(), 12);
            Assert.Equal(Array.IndexOf(prediction.Probabilities[i], prediction.Probabilities[i].Max()), prediction.Labels[i]);
        }
    }

    [Fact]
    public void Checkpoint_RoundTrip_GivesIdenticalPredictions()
    {
        var vocabularies = ClassifierVocabularies.Build([("good film", "pos"), ("bad film", "neg")], TokenLevel.Word, lowerCase: true);
        var model = new Classifier<float>(new ClassifierOptions(vocabularies.Tokens.Count, 2)
        {
            EmbeddingSize = 3, HiddenSize = 4, Pooling = Pooling.Mean, ClassWeights = [1, 3],
        });
        model.Reset(new Rng(5));
        using var dir = new TempDirectory();
        ClassifierCheckpoint.Save(dir.File("c.ckpt"), model, vocabularies, "{\"x\":1}", null);
        var loaded = ClassifierCheckpoint.Load(dir.File("c.ckpt"));
        Assert.Equal([1.0, 3], loaded.Model.Options.ClassWeights!);
        Assert.Equal(Pooling.Mean, loaded.Model.Options.Pooling);
        Assert.Equal("{\"x\":1}", loaded.Data);
        Assert.True(loaded.Vocabularies.Tokens.LowerCase);
        var source = new ClassificationBatchSource([vocabularies.Encode("Good FILM", null)], 1, null);
        Assert.Equal(ClassifierEvaluation.Predict(model, source).Probabilities[0], ClassifierEvaluation.Predict(loaded.Model, source).Probabilities[0]);
        Assert.Throws<InvalidDataException>(() => TaggerCheckpoint.Load(dir.File("c.ckpt")));
    }

    [Fact]
    public void Options_BadClassWeights_Throw()
    {
        Assert.Throws<ArgumentException>(() => new ClassifierOptions(5, 2) { ClassWeights = [1] }.Validate());
        Assert.Throws<ArgumentException>(() => new ClassifierOptions(5, 2) { ClassWeights = [1, -1] }.Validate());
        Assert.Throws<ArgumentException>(() => new ClassifierOptions(5, 2) { ClassWeights = [0, 0] }.Validate());
        Assert.Throws<ArgumentException>(() => new ClassifierOptions(5, 1).Validate());
    }
}
