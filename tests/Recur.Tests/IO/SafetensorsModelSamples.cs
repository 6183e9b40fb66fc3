using Recur.Cells;
using Recur.IO;
using Recur.Layers;
using Recur.Models;
using Recur.Text;
using Recur.Training;

namespace Recur.Tests.IO;

/// <summary>Small initialised models of every kind, their vocabularies, and their safetensors bytes.</summary>
public static class SafetensorsModelSamples
{
    public static readonly Vocabulary Letters = new(TokenLevel.Char, false, ["<unk>", "<eos>", .. "abcdefghij".Select(c => c.ToString())],
        Enumerable.Range(0, 12).Select(i => (long)(100 - i)).ToArray());

    public static readonly Vocabulary Words = new(TokenLevel.Whitespace, true, ["<unk>", "<eos>", "the", "cat", "sat", "on", "mat", "a"],
        [5, 9, 8, 7, 6, 5, 4, 3]);

    public static readonly Vocabulary Chars = new(TokenLevel.Char, false, ["<unk>", "<eos>", "t", "h", "e", "c", "a", "s", "o", "n", "m"], new long[11]);

    public static readonly LabelSet Tags = new(["DET", "NOUN", "VERB", "ADP"]);

    public static readonly LabelSet Classes = new(["neg", "pos"]);

    public static LanguageModel<float> LanguageModel(CellKind cell, int layers = 2, ulong seed = 1)
    {
        var model = new LanguageModel<float>(new LanguageModelOptions(Letters.Count) { Cell = cell, EmbeddingSize = 4, HiddenSize = 3, NumLayers = layers });
        model.Reset(new Rng(seed));
        return model;
    }

    public static Tagger<float> Tagger(CellKind cell, bool bidirectional = true, bool chars = true, ulong seed = 2)
    {
        var model = new Tagger<float>(new TaggerOptions(Words.Count, Tags.Count)
        {
            CharCount = chars ? Chars.Count : 0, Cell = cell, WordEmbeddingSize = 4, CharEmbeddingSize = 2, CharHiddenSize = 3,
            HiddenSize = 3, NumLayers = 2, Bidirectional = bidirectional, MaxWordChars = 7,
        });
        model.Reset(new Rng(seed));
        return model;
    }

    public static Classifier<float> Classifier(CellKind cell, bool bidirectional = true, Pooling pooling = Pooling.Max, ulong seed = 3)
    {
        var model = new Classifier<float>(new ClassifierOptions(Words.Count, Classes.Count)
        {
            Cell = cell, EmbeddingSize = 4, HiddenSize = 3, NumLayers = 2, Bidirectional = bidirectional, Pooling = pooling,
            ClassWeights = [1.0, 2.5],
        });
        model.Reset(new Rng(seed));
        return model;
    }

    public static MusicModel<float> Music(CellKind cell, ulong seed = 4)
    {
        var model = new MusicModel<float>(new MusicModelOptions { LowestPitch = 48, PitchCount = 5, Cell = cell, HiddenSize = 3, NumLayers = 2 });
        model.Reset(new Rng(seed));
        return model;
    }

    /// <summary>The file Recur exports for a model: its tensors and, when <paramref name="metadata"/> is set, the kind and options.</summary>
    public static byte[] Export(ModelKind kind, ParameterStore<float> store, object options, bool metadata = true)
    {
        using var stream = new MemoryStream();
        var meta = metadata ? SafetensorsExport.Metadata(kind, options, "{}", null, null, null) : null;
        SafetensorsWriter.Write(stream, SafetensorsExport.Tensors(store), meta);
        return stream.ToArray();
    }

    /// <summary>A model's file with one tensor replaced (or removed when <paramref name="shape"/> is null).</summary>
    public static byte[] WithTensor(ParameterStore<float> store, string name, int[]? shape)
    {
        var tensors = SafetensorsExport.Tensors(store).Where(t => t.Name != name).ToList();
        if (shape is not null) tensors.Add(new SafetensorsTensor(name, shape, new float[shape.Aggregate(1, (p, d) => p * d)]));
        using var stream = new MemoryStream();
        SafetensorsWriter.Write(stream, tensors);
        return stream.ToArray();
    }

    /// <summary>Bits of every parameter value.</summary>
    public static uint[] Bits(ParameterStore<float> store) => store.Values.ToArray().Select(BitConverter.SingleToUInt32Bits).ToArray();
}
