using System.Text.Json;
using Recur.Cells;
using Recur.IO;
using Recur.Layers;
using Recur.Models;
using Recur.Training;
using static Recur.Tests.IO.SafetensorsModelSamples;

namespace Recur.Tests.IO;

/// <summary>Recur → safetensors → Recur for every model kind and cell form, architecture inference, and the errors of files that do not fit.</summary>
public sealed class SafetensorsImportTests
{
    private const string Name = "w.safetensors";

    public static TheoryData<CellKind> AllCells() => new(CellKinds.All);

    [Theory]
    [MemberData(nameof(AllCells))]
    public void RoundTrip_EveryKindWithMetadata_BitIdenticalAndSameBytes(CellKind cell)
    {
        var lm = LanguageModel(cell);
        AssertRoundTrip(ModelKind.LanguageModel, lm.Store, lm.Options, r => SafetensorsImport.LanguageModel(r, new()), m => (m.Store, m.Options));
        var tagger = Tagger(cell);
        AssertRoundTrip(ModelKind.Tagger, tagger.Store, tagger.Options, r => SafetensorsImport.Tagger(r, new()), m => (m.Store, m.Options));
        var classifier = Classifier(cell);
        AssertRoundTrip(ModelKind.Classifier, classifier.Store, classifier.Options, r => SafetensorsImport.Classifier(r, new()), m => (m.Store, m.Options));
        var music = Music(cell);
        AssertRoundTrip(ModelKind.Music, music.Store, music.Options, r => SafetensorsImport.Music(r, new()), m => (m.Store, m.Options));
    }

    [Theory]
    [InlineData(CellKind.GruSimple)]
    [InlineData(CellKind.GruResetAfter)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.LstmPeephole)]
    public void Import_WithoutMetadata_InfersCellLayersAndSizes(CellKind cell)
    {
        var tagger = Tagger(cell, bidirectional: false);
        using var reader = SafetensorsSamples.Open(Export(ModelKind.Tagger, tagger.Store, tagger.Options, metadata: false));
        var imported = SafetensorsImport.Tagger(reader, new() { MaxWordChars = 7 });
        Assert.Equal(Json(tagger.Options), Json(imported.Options));
        Assert.Equal(Bits(tagger.Store), Bits(imported.Store));
    }

    [Fact]
    public void Import_WithoutMetadata_ThreeGatesAreGruAfterUnlessTold()
    {
        var model = LanguageModel(CellKind.Gru);
        byte[] file = Export(ModelKind.LanguageModel, model.Store, model.Options, metadata: false);
        using (var reader = SafetensorsSamples.Open(file))
            Assert.Equal(CellKind.GruResetAfter, SafetensorsImport.LanguageModel(reader, new()).Options.Cell);
        using (var reader = SafetensorsSamples.Open(file))
            Assert.Equal(Json(model.Options), Json(SafetensorsImport.LanguageModel(reader, new() { Cell = CellKind.Gru }).Options));
    }

    [Fact]
    public void Import_RnnWithoutMetadataOrCell_AsksForTheCell()
    {
        var model = LanguageModel(CellKind.RnnRelu);
        using var reader = SafetensorsSamples.Open(Export(ModelKind.LanguageModel, model.Store, model.Options, metadata: false), Name);
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsImport.LanguageModel(reader, new()));
        Assert.Equal($"{Name}: tensor rnn.weight_hh_l0 [3, 3] is an RNN's, but rnn-tanh and rnn-relu have the same tensors; name the cell.", e.Message);
    }

    public static TheoryData<string, string> Contradictions() => new()
    {
        // LSTM language model: V = 12, E = 4, H = 3, 2 layers (weight_ih_l0 [12, 4]).
        { "hidden", "tensor rnn.weight_ih_l0: expected shape [20, 4], found [12, 4]." },
        { "embedding", "tensor embedding.weight: expected shape [12, 6], found [12, 4]." },
        { "cell", "tensor rnn.weight_ih_l0: expected shape [9, 4], found [12, 4]." },
        { "peephole", "tensor rnn.weight_peephole_l0 is missing (expected shape [3, 3])." },
        { "fewer layers", "tensor rnn.bias_hh_l1 [12] is not a parameter of the model (nor are 3 more)." },
        { "more layers", "tensor rnn.weight_ih_l2 is missing (expected shape [12, 3])." },
        { "vocabulary", "tensor embedding.weight: expected shape [8, 4], found [12, 4]." },
    };

    [Theory]
    [MemberData(nameof(Contradictions))]
    public void Import_OptionsContradictingTheFile_NameTensorAndBothShapes(string what, string message)
    {
        var model = LanguageModel(CellKind.Lstm);
        var options = what switch
        {
            "hidden" => new SafetensorsImportOptions { HiddenSize = 5 },
            "embedding" => new SafetensorsImportOptions { EmbeddingSize = 6 },
            "cell" => new SafetensorsImportOptions { Cell = CellKind.GruResetAfter },
            "peephole" => new SafetensorsImportOptions { Cell = CellKind.LstmPeephole },
            "fewer layers" => new SafetensorsImportOptions { NumLayers = 1 },
            "more layers" => new SafetensorsImportOptions { NumLayers = 3 },
            _ => new SafetensorsImportOptions { Vocabulary = Words },
        };
        foreach (bool metadata in new[] { false, true })
        {
            using var reader = SafetensorsSamples.Open(Export(ModelKind.LanguageModel, model.Store, model.Options, metadata), Name);
            var e = Assert.Throws<InvalidDataException>(() => SafetensorsImport.LanguageModel(reader, options));
            Assert.Equal($"{Name}: {message}", e.Message);
        }
    }

    [Theory]
    [InlineData("embedding.weight", new[] { 12, 5 }, "tensor embedding.weight: expected shape [12, 4], found [12, 5].")]
    [InlineData("decoder.bias", new[] { 1, 12 }, "tensor decoder.bias: expected shape [12], found [1, 12].")]
    [InlineData("rnn.bias_hh_l1", null, "tensor rnn.bias_hh_l1 is missing (expected shape [12]).")]
    [InlineData("rnn.extra", new[] { 2 }, "tensor rnn.extra [2] is not a parameter of the model.")]
    public void Import_FileNotFittingItsMetadata_NamesTensor(string tensor, int[]? shape, string message)
    {
        var model = LanguageModel(CellKind.Lstm);
        using var reader = SafetensorsSamples.Open(WithTensorAndMetadata(model, tensor, shape), Name);
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsImport.LanguageModel(reader, new()));
        Assert.Equal($"{Name}: {message}", e.Message);
    }

    [Fact]
    public void Import_CellThatShapesCannotShow_MustAgreeWithMetadata()
    {
        var model = Classifier(CellKind.Gru);
        byte[] file = Export(ModelKind.Classifier, model.Store, model.Options);
        using (var reader = SafetensorsSamples.Open(file, Name))
        {
            var e = Assert.Throws<InvalidDataException>(() => SafetensorsImport.Classifier(reader, new() { Cell = CellKind.GruResetAfter }));
            Assert.Equal($"{Name}: the requested cell gru-after contradicts the file's metadata recur.options (cell gru).", e.Message);
        }
        using (var reader = SafetensorsSamples.Open(file, Name))
        {
            var e = Assert.Throws<InvalidDataException>(() => SafetensorsImport.Classifier(reader, new() { Pooling = Pooling.Mean }));
            Assert.Equal($"{Name}: the requested pooling mean contradicts the file's metadata recur.options (pooling max).", e.Message);
        }
    }

    [Fact]
    public void Kind_MetadataAndRequestDisagree_Throws()
    {
        var model = LanguageModel(CellKind.Lstm);
        using var reader = SafetensorsSamples.Open(Export(ModelKind.LanguageModel, model.Store, model.Options), Name);
        Assert.Equal(ModelKind.LanguageModel, SafetensorsImport.Kind(reader, null));
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsImport.Tagger(reader, new()));
        Assert.Equal($"{Name}: the file holds a lm model (metadata recur.kind), not a tagger.", e.Message);
    }

    [Fact]
    public void Kind_WithoutMetadata_FromTensorNames()
    {
        var tagger = Tagger(CellKind.Lstm);
        var plain = Tagger(CellKind.Lstm, chars: false);
        var music = Music(CellKind.Lstm);
        using (var r = SafetensorsSamples.Open(Export(ModelKind.Tagger, tagger.Store, tagger.Options, metadata: false)))
            Assert.Equal(ModelKind.Tagger, SafetensorsImport.Kind(r, null));
        using (var r = SafetensorsSamples.Open(Export(ModelKind.Music, music.Store, music.Options, metadata: false)))
            Assert.Equal(ModelKind.Music, SafetensorsImport.Kind(r, null));
        using (var r = SafetensorsSamples.Open(Export(ModelKind.Tagger, plain.Store, plain.Options, metadata: false), Name))
        {
            var e = Assert.Throws<InvalidDataException>(() => SafetensorsImport.Kind(r, null));
            Assert.Contains("fit a tagger and a classifier alike", e.Message);
            Assert.Equal(ModelKind.Classifier, SafetensorsImport.Kind(r, ModelKind.Classifier));
        }
    }

    [Fact]
    public void Import_OptionThatDoesNotApply_ThrowsArgument()
    {
        var model = LanguageModel(CellKind.Lstm);
        using var reader = SafetensorsSamples.Open(Export(ModelKind.LanguageModel, model.Store, model.Options));
        var e = Assert.Throws<ArgumentException>(() => SafetensorsImport.LanguageModel(reader, new() { Bidirectional = true }));
        Assert.StartsWith("Bidirectional does not apply to a language model.", e.Message);
        Assert.Throws<ArgumentException>(() => SafetensorsImport.LanguageModel(reader, new() { Pooling = Pooling.Last }));
    }

    [Fact]
    public void Import_IntegerWeights_NameTensorAndDType()
    {
        var model = Music(CellKind.RnnTanh);
        var tensors = SafetensorsExport.Tensors(model.Store).Where(t => t.Name != "decoder.bias").ToList();
        using var stream = new MemoryStream();
        SafetensorsWriter.Write(stream, tensors);
        // Append decoder.bias [5] as I32 by hand: one more header entry and 20 bytes of data.
        using var reader0 = SafetensorsSamples.Open(stream.ToArray());
        string header = "{" + string.Join(",", reader0.Entries.Select(e =>
            $"\"{e.Name}\":{{\"dtype\":\"F32\",\"shape\":[{string.Join(",", e.Shape)}],\"data_offsets\":[{e.Begin},{e.End}]}}")) +
            $",\"decoder.bias\":{{\"dtype\":\"I32\",\"shape\":[5],\"data_offsets\":[{reader0.DataLength},{reader0.DataLength + 20}]}}}}";
        byte[] data = [.. stream.ToArray().AsSpan((int)reader0.DataStart), .. new byte[20]];
        using var reader = SafetensorsSamples.Open(SafetensorsSamples.Build(header, data), Name);
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsImport.Music(reader, new() { Cell = CellKind.RnnTanh, LowestPitch = 48 }));
        Assert.Equal($"{Name}: tensor decoder.bias has dtype I32; Recur reads F32, F16, BF16 and F64 weights.", e.Message);
    }

    [Fact]
    public void Import_SizesFarBeyondTheFile_RefusedBeforeAllocating()
    {
        var model = LanguageModel(CellKind.Lstm);
        byte[] file = Export(ModelKind.LanguageModel, model.Store, model.Options, metadata: false);
        using var reader = SafetensorsSamples.Open(file, Name);
        Assert.Throws<InvalidDataException>(() => SafetensorsImport.LanguageModel(reader, new() { HiddenSize = 4096 }));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsImport.LanguageModel(reader, new() { HiddenSize = 4096 }));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.StartsWith($"{Name}: the model options describe ", e.Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void ParameterCount_MatchesTheBuiltStore()
    {
        foreach (var cell in CellKinds.All)
        {
            Assert.Equal(LanguageModel(cell).Store.Count, StateDictInference.Count(LanguageModel(cell).Options));
            foreach (bool bi in new[] { false, true })
            {
                foreach (bool chars in new[] { false, true })
                    Assert.Equal(Tagger(cell, bi, chars).Store.Count, StateDictInference.Count(Tagger(cell, bi, chars).Options));
                Assert.Equal(Classifier(cell, bi).Store.Count, StateDictInference.Count(Classifier(cell, bi).Options));
            }
            Assert.Equal(Music(cell).Store.Count, StateDictInference.Count(Music(cell).Options));
        }
    }

    private static void AssertRoundTrip<TModel, TOptions>(ModelKind kind, ParameterStore<float> store, TOptions options,
        Func<SafetensorsReader, TModel> import, Func<TModel, (ParameterStore<float> Store, TOptions Options)> parts) where TOptions : notnull
    {
        byte[] file = Export(kind, store, options);
        using var reader = SafetensorsSamples.Open(file);
        var (importedStore, importedOptions) = parts(import(reader));
        Assert.Equal(Json(options), Json(importedOptions));
        Assert.Equal(store.Slots.Select(s => (s.Name, s.ShapeText)), importedStore.Slots.Select(s => (s.Name, s.ShapeText)));
        Assert.Equal(Bits(store), Bits(importedStore));
        Assert.Equal(file, Export(kind, importedStore, importedOptions));
    }

    private static byte[] WithTensorAndMetadata(LanguageModel<float> model, string name, int[]? shape)
    {
        var tensors = SafetensorsExport.Tensors(model.Store).Where(t => t.Name != name).ToList();
        if (shape is not null) tensors.Add(new SafetensorsTensor(name, shape, new float[shape.Aggregate(1, (p, d) => p * d)]));
        using var stream = new MemoryStream();
        SafetensorsWriter.Write(stream, tensors, SafetensorsExport.Metadata(ModelKind.LanguageModel, model.Options, "{}", null, null, null));
        return stream.ToArray();
    }

    private static string Json<T>(T options) => JsonSerializer.Serialize(options, TrainingCheckpoint.Json);
}
