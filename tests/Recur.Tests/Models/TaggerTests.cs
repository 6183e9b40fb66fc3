using Recur.Cells;
using Recur.Models;
using Recur.Tests.IO;
using Recur.Tests.TestSupport;
using Recur.Text;
using Recur.Training;

namespace Recur.Tests.Models;

public sealed class TaggerTests
{
    private static TaggingExample[] TinyExamples(bool chars) =>
    [
        new([2, 3, 4, 5], chars ? [[2, 3], [4], [5, 2, 3], [3]] : null, [0, 1, TaggingBatch.IgnoreTag, 3]),
        new([6, 0], chars ? [[5], [2, 4, 4, 5]] : null, [2, 2]),
        new([3, 2, 6], chars ? [[2], [3, 3], [4, 5]] : null, [1, 0, 3]),
    ];

    [Theory]
    [InlineData(CellKind.Lstm, true, 1, 0.0)]
    [InlineData(CellKind.Lstm, true, 2, 0.3)]
    [InlineData(CellKind.GruResetAfter, true, 1, 0.3)]
    [InlineData(CellKind.Lstm, false, 2, 0.0)]
    public void Backward_TinyBatch_MatchesFiniteDifferences(CellKind cell, bool chars, int layers, double dropout)
    {
        var model = new Tagger<double>(new TaggerOptions(7, 4)
        {
            CharCount = chars ? 6 : 0, Cell = cell, WordEmbeddingSize = 3, CharEmbeddingSize = 2, CharHiddenSize = 2,
            HiddenSize = 3, NumLayers = layers, Dropout = dropout, WordDropout = dropout,
        });
        model.Reset(new Rng(5));
        var source = new TaggingBatchSource(TinyExamples(chars), 3, null);
        var batch = new TaggingBatch();
        source.StartEpoch(0);
        Assert.True(source.Next(batch));
        // The same dropout masks (and <unk> replacements) on every evaluation.
        double Loss() => model.Forward(batch, dropout > 0 ? new Rng(9) : null);
        Loss();
        model.Store.ZeroGradients();
        model.Backward();
        var analytic = model.Store.Gradients.ToArray();
        ParameterGradientCheck.Check(model.Store.Values, analytic, Loss, $"tagger {cell} chars={chars} layers={layers}");
    }

    [Fact]
    public void Train_TagIsAFunctionOfTheWord_ReachesFullAccuracyOnNewSentences()
    {
        // 24 words; the tag of word w is w mod 4. Sentences of 3–9 random words.
        var words = Enumerable.Range(0, 24).Select(i => $"w{i}").ToArray();
        (string[] Tokens, string[] Tags)[] Make(int count, ulong seed)
        {
            var rng = new Rng(seed);
            return Enumerable.Range(0, count).Select(_ =>
            {
                int[] ids = Enumerable.Range(0, 3 + rng.NextInt(7)).Select(_ => rng.NextInt(words.Length)).ToArray();
                return (ids.Select(i => words[i]).ToArray(), ids.Select(i => $"T{i % 4}").ToArray());
            }).ToArray();
        }
        var train = Make(200, 1);
        var test = Make(100, 2);
        var vocabularies = TaggerVocabularies.Build(train.Select(s => ((IReadOnlyList<string>)s.Tokens, (IReadOnlyList<string>)s.Tags)), false, false);
        var model = new Tagger<float>(new TaggerOptions(vocabularies.Words.Count, vocabularies.Tags.Count) { WordEmbeddingSize = 8, HiddenSize = 8 });
        model.Reset(new Rng(1));
        var trainer = new TaggerTrainer<float>(model, new TrainOptions { Epochs = 6, BatchSize = 16, LearningRate = 0.02 }, vocabularies.Tags, null);
        trainer.Train(new TaggingBatchSource(train.Select(s => vocabularies.Encode(s.Tokens, s.Tags, 20)).ToArray(), 16, 1), null, null, null, TestContext.Current.CancellationToken);

        var source = new TaggingBatchSource(test.Select(s => vocabularies.Encode(s.Tokens, null, 20)).ToArray(), 32, null);
        var predicted = TaggerEvaluation.Names(vocabularies.Tags, TaggerEvaluation.Predict(model, source).Tags);
        var scores = TaggerEvaluation.Score(test.Select(s => (IReadOnlyList<string>)s.Tags).ToArray(), predicted, entities: false);
        Assert.True(scores.Accuracy.Value >= 0.99, $"accuracy {scores.Accuracy.Value:P2}");
    }

    [Fact]
    public void Train_CharacterFeatures_TagUnseenWordsBySuffix()
    {
        // Random stems with a suffix that decides the tag; the test words are all new, so only characters can tell.
        string[] suffixes = ["ing", "ly", "ed"];
        // Training stems have 2–4 letters, test stems 5: no test word is in the vocabulary.
        (string[] Tokens, string[] Tags)[] Make(int count, ulong seed, int minStem, int stemLengths)
        {
            var rng = new Rng(seed);
            return Enumerable.Range(0, count).Select(_ =>
            {
                int n = 2 + rng.NextInt(4);
                var tokens = new string[n];
                var tags = new string[n];
                for (int i = 0; i < n; i++)
                {
                    int k = rng.NextInt(suffixes.Length);
                    string stem = new(Enumerable.Range(0, minStem + rng.NextInt(stemLengths)).Select(_ => (char)('a' + rng.NextInt(26))).ToArray());
                    tokens[i] = stem + suffixes[k];
                    tags[i] = suffixes[k].ToUpperInvariant();
                }
                return (tokens, tags);
            }).ToArray();
        }
        var train = Make(150, 3, 2, 3);
        var test = Make(60, 4, 5, 1);
        var vocabularies = TaggerVocabularies.Build(train.Select(s => ((IReadOnlyList<string>)s.Tokens, (IReadOnlyList<string>)s.Tags)), false, true);
        var model = new Tagger<float>(new TaggerOptions(vocabularies.Words.Count, vocabularies.Tags.Count)
        {
            CharCount = vocabularies.Chars!.Count, WordEmbeddingSize = 4, CharEmbeddingSize = 8, CharHiddenSize = 8, HiddenSize = 8,
        });
        model.Reset(new Rng(2));
        var trainer = new TaggerTrainer<float>(model, new TrainOptions { Epochs = 8, BatchSize = 16, LearningRate = 0.02 }, vocabularies.Tags, null);
        trainer.Train(new TaggingBatchSource(train.Select(s => vocabularies.Encode(s.Tokens, s.Tags, 20)).ToArray(), 16, 1), null, null, null, TestContext.Current.CancellationToken);
        var source = new TaggingBatchSource(test.Select(s => vocabularies.Encode(s.Tokens, null, 20)).ToArray(), 32, null);
        Assert.All(source.Examples.SelectMany(e => e.Words), w => Assert.Equal(Vocabulary.UnkId, w));
        var predicted = TaggerEvaluation.Names(vocabularies.Tags, TaggerEvaluation.Predict(model, source).Tags);
        var scores = TaggerEvaluation.Score(test.Select(s => (IReadOnlyList<string>)s.Tags).ToArray(), predicted, entities: false);
        Assert.True(scores.Accuracy.Value >= 0.97, $"accuracy {scores.Accuracy.Value:P2}");
    }

    [Fact]
    public void Checkpoint_RoundTrip_GivesIdenticalLogits()
    {
        var vocabularies = TaggerVocabularies.Build([(["a", "b", "a"], ["X", "Y", "X"]), (["c"], ["Z"])], lowerCase: true, characters: true);
        var model = new Tagger<float>(new TaggerOptions(vocabularies.Words.Count, vocabularies.Tags.Count)
        {
            CharCount = vocabularies.Chars!.Count, WordEmbeddingSize = 4, CharEmbeddingSize = 3, CharHiddenSize = 2, HiddenSize = 5,
        });
        model.Reset(new Rng(3));
        using var dir = new TempDirectory();
        TaggerCheckpoint.Save(dir.File("t.ckpt"), model, vocabularies, "{}", null);
        var loaded = TaggerCheckpoint.Load(dir.File("t.ckpt"));
        Assert.Equal(model.Options, loaded.Model.Options);
        Assert.Equal(vocabularies.Words.Tokens, loaded.Vocabularies.Words.Tokens);
        Assert.Equal(vocabularies.Chars.Tokens, loaded.Vocabularies.Chars!.Tokens);
        Assert.Equal(["X", "Y", "Z"], loaded.Vocabularies.Tags.Labels);
        var source = new TaggingBatchSource([vocabularies.Encode(["A", "b", "zz"], null, 20)], 1, null);
        var first = TaggerEvaluation.Predict(model, source);
        var batch = new TaggingBatch();
        source.StartEpoch(0); source.Next(batch);
        model.Forward(batch, null);
        float[] expected = model.Logits.ToArray();
        loaded.Model.Forward(batch, null);
        Assert.Equal(expected, loaded.Model.Logits.ToArray());
        Assert.Equal(first.Tags[0], TaggerEvaluation.Predict(loaded.Model, source).Tags[0]);
        Assert.Throws<InvalidDataException>(() => ClassifierCheckpoint.Load(dir.File("t.ckpt")));
    }

    [Fact]
    public void Encode_LongWordsAndUnknownTags_KeepBothEndsAndIgnoreTheTag()
    {
        var vocabularies = TaggerVocabularies.Build([(["abcdefgh"], ["X"])], lowerCase: false, characters: true);
        var e = vocabularies.Encode(["abcdefgh", "new"], ["X", "UNSEEN"], 5);
        var chars = vocabularies.Chars!;
        Assert.Equal("abcgh", string.Concat(e.Chars![0].Select(chars.Token)));
        Assert.Equal([0, TaggingBatch.IgnoreTag], e.Tags!);
        Assert.Equal(Vocabulary.UnkId, e.Words[1]);
    }
}
