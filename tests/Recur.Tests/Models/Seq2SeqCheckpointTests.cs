using Recur.Models;
using Recur.Tests.IO;
using Recur.Text;
using Recur.Training;

namespace Recur.Tests.Models;

public sealed class Seq2SeqCheckpointTests
{
    [Fact]
    public void SaveLoad_RoundTrip_SameWeightsVocabulariesAndTranslations()
    {
        using var dir = new TempDirectory();
        var source = DateTask.SourceVocabulary();
        var target = DateTask.TargetVocabulary();
        var model = new Seq2Seq<float>(new Seq2SeqOptions(source.Count, target.Count)
        {
            EmbeddingSize = 8, HiddenSize = 12, NumLayers = 2, Bidirectional = true, Bridge = Seq2SeqBridge.Linear,
        });
        model.Reset(new Rng(2));
        var trainer = new Trainer<float, Seq2SeqBatch>(model, new TrainOptions { Epochs = 1, Seed = 5 });
        var batch = new Seq2SeqBatch();
        batch.Fill([source.Encode("3 May 1979")], [target.Encode("1979-05-03")]);
        trainer.TrainStep(batch);
        string path = dir.File("m.ckpt");
        Seq2SeqCheckpoint.Save(path, model, source, target, "{\"task\":\"dates\"}", trainer);

        var loaded = Seq2SeqCheckpoint.Load(path);
        Assert.Equal(model.Options, loaded.Model.Options);
        Assert.Equal(model.Store.Values.ToArray(), loaded.Model.Store.Values.ToArray());
        Assert.Equal(source.Tokens, loaded.SourceVocabulary.Tokens);
        Assert.Equal(target.Tokens, loaded.TargetVocabulary.Tokens);
        Assert.Equal("{\"task\":\"dates\"}", loaded.Data);
        Assert.Equal(5UL, loaded.TrainOptions!.Seed);
        var restored = new Trainer<float, Seq2SeqBatch>(loaded.Model, loaded.TrainOptions);
        loaded.RestoreTrainer(restored);
        Assert.Equal(1, restored.State.Step);
        string[] texts = ["12/31/99", "the 1st of January, 2000"];
        Assert.Equal(new Seq2SeqTranslator(model, source, target).Translate(texts), new Seq2SeqTranslator(loaded.Model, loaded.SourceVocabulary, loaded.TargetVocabulary).Translate(texts));
    }

    [Fact]
    public void Load_LanguageModelCheckpoint_ThrowsInvalidDataNamingTheFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("lm.ckpt");
        var vocabulary = DateTask.TargetVocabulary();
        var lm = new LanguageModel<float>(new LanguageModelOptions(vocabulary.Count) { EmbeddingSize = 4, HiddenSize = 4 });
        LanguageModelCheckpoint.Save(path, lm, vocabulary, "{}", null);
        var e = Assert.Throws<InvalidDataException>(() => Seq2SeqCheckpoint.Load(path));
        Assert.Contains(path, e.Message);
    }
}
