using System.Text.Json;
using Recur.Cells;
using Recur.IO;
using Recur.Layers;
using Recur.Models;
using Recur.Text;
using Recur.Training;
using static Recur.Tests.IO.SafetensorsModelSamples;

namespace Recur.Tests.IO;

/// <summary>Checkpoint → safetensors → checkpoint keeps the weights, options, vocabularies, labels and data description.</summary>
public sealed class SafetensorsCheckpointTests
{
    private const string Data = """{"Train":"corpus.txt","LowerCase":true}""";

    [Fact]
    public void ExportImport_LanguageModel_EquivalentCheckpoint()
    {
        using var dir = new TempDirectory();
        var model = LanguageModel(CellKind.LstmPeephole);
        LanguageModelCheckpoint.Save(dir.File("a.ckpt"), model, Letters, Data, null);
        var back = LanguageModelCheckpoint.Load(RoundTrip(dir, ModelKind.LanguageModel));
        AssertSame(model.Store, model.Options, back.Model.Store, back.Model.Options);
        AssertSame(Letters, back.Vocabulary);
        Assert.Equal(Data, back.Data);
    }

    [Fact]
    public void ExportImport_Tagger_EquivalentCheckpoint()
    {
        using var dir = new TempDirectory();
        var model = Tagger(CellKind.GruSimple);
        TaggerCheckpoint.Save(dir.File("a.ckpt"), model, new TaggerVocabularies(Words, Chars, Tags), Data, null);
        var back = TaggerCheckpoint.Load(RoundTrip(dir, ModelKind.Tagger));
        AssertSame(model.Store, model.Options, back.Model.Store, back.Model.Options);
        AssertSame(Words, back.Vocabularies.Words);
        AssertSame(Chars, back.Vocabularies.Chars!);
        Assert.Equal(Tags.Labels, back.Vocabularies.Tags.Labels);
        Assert.Equal(Data, back.Data);
    }

    [Fact]
    public void ExportImport_Classifier_EquivalentCheckpoint()
    {
        using var dir = new TempDirectory();
        var model = Classifier(CellKind.RnnRelu);
        ClassifierCheckpoint.Save(dir.File("a.ckpt"), model, new ClassifierVocabularies(Words, Classes), Data, null);
        var back = ClassifierCheckpoint.Load(RoundTrip(dir, ModelKind.Classifier));
        AssertSame(model.Store, model.Options, back.Model.Store, back.Model.Options);
        AssertSame(Words, back.Vocabularies.Tokens);
        Assert.Equal(Classes.Labels, back.Vocabularies.Labels.Labels);
        Assert.Equal(Data, back.Data);
    }

    [Fact]
    public void ExportImport_Music_EquivalentCheckpoint()
    {
        using var dir = new TempDirectory();
        var model = Music(CellKind.Gru);
        MusicCheckpoint.Save(dir.File("a.ckpt"), model, Data, null);
        var back = MusicCheckpoint.Load(RoundTrip(dir, ModelKind.Music));
        AssertSame(model.Store, model.Options, back.Model.Store, back.Model.Options);
        Assert.Equal(Data, back.Data);
    }

    [Fact]
    public void SaveCheckpoint_WithoutMetadata_NeedsVocabularyAndLabels()
    {
        using var dir = new TempDirectory();
        var model = Classifier(CellKind.Lstm);
        string path = dir.File("w.safetensors");
        File.WriteAllBytes(path, Export(ModelKind.Classifier, model.Store, model.Options, metadata: false));
        using var reader = SafetensorsReader.Open(path);
        var options = new SafetensorsImportOptions { Kind = ModelKind.Classifier, Pooling = model.Options.Pooling };
        var e = Assert.Throws<ArgumentException>(() => SafetensorsImport.SaveCheckpoint(reader, options, dir.File("c.ckpt")));
        Assert.StartsWith($"{path} has no recur.vocabulary metadata; give a vocabulary.", e.Message);
        e = Assert.Throws<ArgumentException>(() => SafetensorsImport.SaveCheckpoint(reader, options with { Vocabulary = Words }, dir.File("c.ckpt")));
        Assert.StartsWith($"{path} has no recur.labels metadata; give the class labels.", e.Message);
        Assert.Equal(ModelKind.Classifier, SafetensorsImport.SaveCheckpoint(reader, options with { Vocabulary = Words, Labels = Classes, Data = Data }, dir.File("c.ckpt")));
        var back = ClassifierCheckpoint.Load(dir.File("c.ckpt"));
        Assert.Equal(Bits(model.Store), Bits(back.Model.Store));
        Assert.Equal(Data, back.Data);
    }

    // a.ckpt → a.safetensors → b.ckpt; returns b.ckpt.
    private static string RoundTrip(TempDirectory dir, ModelKind kind)
    {
        Assert.Equal(kind, SafetensorsExport.WriteCheckpoint(dir.File("a.ckpt"), dir.File("a.safetensors")));
        using var reader = SafetensorsReader.Open(dir.File("a.safetensors"));
        Assert.Equal(kind, SafetensorsImport.SaveCheckpoint(reader, new(), dir.File("b.ckpt")));
        return dir.File("b.ckpt");
    }

    private static void AssertSame<TOptions>(ParameterStore<float> store, TOptions options, ParameterStore<float> back, TOptions backOptions)
    {
        Assert.Equal(JsonSerializer.Serialize(options, TrainingCheckpoint.Json), JsonSerializer.Serialize(backOptions, TrainingCheckpoint.Json));
        Assert.Equal(Bits(store), Bits(back));
    }

    private static void AssertSame(Vocabulary expected, Vocabulary actual)
    {
        Assert.Equal((expected.Level, expected.LowerCase), (actual.Level, actual.LowerCase));
        Assert.Equal(expected.Tokens, actual.Tokens);
        Assert.Equal(expected.Counts, actual.Counts);
    }
}
