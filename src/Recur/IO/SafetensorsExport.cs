using System.Text.Json;
using Recur.Layers;
using Recur.Models;
using Recur.Text;
using Recur.Training;

namespace Recur.IO;

/// <summary>
/// Writes a Recur model's weights as a safetensors file of float32 tensors named as the state_dict of the equivalent
/// PyTorch module, with <see cref="SafetensorsMetadata"/> describing the rest (kind, options, vocabularies, labels,
/// data description). Training state (optimiser, position, a language model's carried hidden state) is not written.
/// </summary>
/// <remarks>
/// <para>Names (k = layer; <c>_reverse</c> for the second direction of a bidirectional layer; G = 1 RNN, 3 GRU, 4 LSTM):</para>
/// <code>
/// embedding.weight            [V, E]             nn.Embedding (language model, tagger words, classifier)
/// rnn.weight_ih_l{k}          [G·H, in]          nn.RNN / nn.GRU / nn.LSTM (gate rows in PyTorch's order)
/// rnn.weight_hh_l{k}          [G·H, H]
/// rnn.bias_ih_l{k}            [G·H]
/// rnn.bias_hh_l{k}            [G·H]
/// decoder.weight, .bias       [V, H], [V]        nn.Linear (language model; music: [K, H], [K])
/// output.weight, .bias        [K, dirs·H], [K]   nn.Linear (tagger, classifier)
/// char_embedding.weight       [C, Ec]            tagger with character features
/// char_rnn.*                  as rnn.*           its one-layer bidirectional character network
/// rnn.weight_peephole_l{k}    [3, H]             lstm-peephole only, rows (i, f, o); Recur-only
/// </code>
/// <para><c>rnn-tanh</c>/<c>rnn-relu</c> load into nn.RNN(nonlinearity='tanh'/'relu'), <c>gru-after</c> into nn.GRU and
/// <c>lstm</c> into nn.LSTM, with <c>load_state_dict</c>. <c>gru</c> (reset before the matmul), <c>gru-simple</c> (gates
/// z, n: [2H, ·]) and <c>lstm-peephole</c> use the same names but have no PyTorch module: they round-trip through Recur only.</para>
/// </remarks>
public static class SafetensorsExport
{
    /// <summary>Exports any Recur checkpoint (language model, tagger, classifier, music model) to <paramref name="outputPath"/>.</summary>
    /// <returns>The kind of model exported.</returns>
    /// <exception cref="InvalidDataException">The checkpoint is malformed or of a kind that cannot be exported.</exception>
    /// <exception cref="IOException">Writing failed; the destination is unchanged.</exception>
    public static ModelKind WriteCheckpoint(string checkpointPath, string outputPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var file = CheckpointFile.Load(checkpointPath);
        string format = file.Contains("format") ? file.GetString("format") : "none";
        var kind = ModelKinds.FromCheckpointFormat(format)
            ?? throw new InvalidDataException($"{checkpointPath}: a '{format}' checkpoint cannot be exported; expected a language model, tagger, classifier or music checkpoint.");
        switch (kind)
        {
            case ModelKind.LanguageModel: Write(outputPath, LanguageModelCheckpoint.Load(checkpointPath)); break;
            case ModelKind.Tagger: Write(outputPath, TaggerCheckpoint.Load(checkpointPath)); break;
            case ModelKind.Classifier: Write(outputPath, ClassifierCheckpoint.Load(checkpointPath)); break;
            default: Write(outputPath, MusicCheckpoint.Load(checkpointPath)); break;
        }
        return kind;
    }

    /// <summary>Writes a language model: its weights, options, vocabulary and data description.</summary>
    /// <exception cref="IOException">Writing failed; the destination is unchanged.</exception>
    public static void Write(string path, LanguageModelCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        SafetensorsWriter.Write(path, Tensors(checkpoint.Model.Store),
            Metadata(ModelKind.LanguageModel, checkpoint.Model.Options, checkpoint.Data, checkpoint.Vocabulary, null, null));
    }

    /// <summary>Writes a tagger: its weights, options, word and character vocabularies, tags and data description.</summary>
    /// <exception cref="IOException">Writing failed; the destination is unchanged.</exception>
    public static void Write(string path, TaggerCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var v = checkpoint.Vocabularies;
        SafetensorsWriter.Write(path, Tensors(checkpoint.Model.Store),
            Metadata(ModelKind.Tagger, checkpoint.Model.Options, checkpoint.Data, v.Words, v.Chars, v.Tags));
    }

    /// <summary>Writes a classifier: its weights, options, vocabulary, class labels and data description.</summary>
    /// <exception cref="IOException">Writing failed; the destination is unchanged.</exception>
    public static void Write(string path, ClassifierCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var v = checkpoint.Vocabularies;
        SafetensorsWriter.Write(path, Tensors(checkpoint.Model.Store),
            Metadata(ModelKind.Classifier, checkpoint.Model.Options, checkpoint.Data, v.Tokens, null, v.Labels));
    }

    /// <summary>Writes a music model: its weights, options and data description.</summary>
    /// <exception cref="IOException">Writing failed; the destination is unchanged.</exception>
    public static void Write(string path, MusicCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        SafetensorsWriter.Write(path, Tensors(checkpoint.Model.Store),
            Metadata(ModelKind.Music, checkpoint.Model.Options, checkpoint.Data, null, null, null));
    }

    /// <summary>Every parameter of <paramref name="store"/> as a tensor named as in the state_dict (the store's own names).</summary>
    public static IReadOnlyList<SafetensorsTensor> Tensors(ParameterStore<float> store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Slots.Select(s => new SafetensorsTensor(s.Name, (int[])s.Shape.Clone(), store.Value(s).ToArray())).ToList();
    }

    /// <summary>The <c>__metadata__</c> map of a model: format, kind, options JSON, vocabularies and labels when given, data description.</summary>
    internal static Dictionary<string, string> Metadata<TOptions>(ModelKind kind, TOptions options, string data, Vocabulary? vocabulary,
        Vocabulary? chars, LabelSet? labels)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SafetensorsMetadata.Format] = SafetensorsMetadata.FormatValue,
            [SafetensorsMetadata.Kind] = kind.ToName(),
            [SafetensorsMetadata.Options] = JsonSerializer.Serialize(options, TrainingCheckpoint.Json),
            [SafetensorsMetadata.Data] = data,
        };
        if (vocabulary is not null) metadata[SafetensorsMetadata.Vocabulary] = SafetensorsMetadata.VocabularyToJson(vocabulary);
        if (chars is not null) metadata[SafetensorsMetadata.CharVocabulary] = SafetensorsMetadata.VocabularyToJson(chars);
        if (labels is not null) metadata[SafetensorsMetadata.Labels] = labels.ToJson();
        return metadata;
    }
}
