using System.Text.Json;
using Recur.Cells;
using Recur.Layers;
using Recur.Models;
using Recur.Text;
using Recur.Training;

namespace Recur.IO;

/// <summary>
/// Builds Recur models from safetensors weights named as PyTorch's state_dict (see <see cref="SafetensorsExport"/> for
/// the names). The architecture comes from the file's <see cref="SafetensorsMetadata"/> when it has it, else from the
/// tensor names and shapes (<c>embedding.weight</c> [V, E]; <c>rnn.weight_hh_l0</c> [G·H, H] with G = 1 RNN, 2 simple
/// GRU, 3 GRU, 4 LSTM; layers from <c>rnn.weight_ih_l{k}</c>; bidirectional from <c>_reverse</c>; the output rows).
/// Sizes given in <see cref="SafetensorsImportOptions"/> build the model as given, so the file must then agree: every
/// parameter must be present with its exact shape, and the file may hold nothing else.
/// </summary>
public static class SafetensorsImport
{
    // Parameters above which a model is built only when the file has at least as many values.
    private const long LargeModel = 1 << 20;

    /// <summary>
    /// The kind of model in the file: its <c>recur.kind</c> metadata, else <paramref name="requested"/>, else the one
    /// the tensor names suggest.
    /// </summary>
    /// <exception cref="InvalidDataException">The metadata names another kind or none known, or the names fit no single kind.</exception>
    public static ModelKind Kind(SafetensorsReader reader, ModelKind? requested)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.Metadata.TryGetValue(SafetensorsMetadata.Kind, out var name))
        {
            ModelKind stored;
            try
            {
                stored = ModelKinds.Parse(name);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{reader.Source}: metadata {SafetensorsMetadata.Kind} '{name}' names no model kind.", e);
            }
            if (requested is ModelKind r && r != stored)
                throw new InvalidDataException($"{reader.Source}: the file holds a {stored.ToName()} model (metadata {SafetensorsMetadata.Kind}), not a {r.ToName()}.");
            return stored;
        }
        return requested ?? StateDictInference.Kind(reader);
    }

    /// <summary>Builds a language model and loads its weights.</summary>
    /// <exception cref="ArgumentException">An option that a language model does not have.</exception>
    /// <exception cref="InvalidDataException">The file holds another kind, or its tensors do not fit the model (the message names the tensor and both shapes).</exception>
    public static LanguageModel<float> LanguageModel(SafetensorsReader reader, SafetensorsImportOptions options)
    {
        Start(reader, options, ModelKind.LanguageModel);
        NotFor(options, "a language model", (options.Bidirectional == true, "bidirectional"), (options.CharEmbeddingSize, "a character embedding size"),
            (options.CharHiddenSize, "a character hidden size"), (options.MaxWordChars, "a most characters per word"), (options.Pooling, "pooling"),
            (options.LowestPitch, "a lowest pitch"), (options.CharVocabulary, "a character vocabulary"), (options.Labels, "labels"));
        var stored = StoredOptions<LanguageModelOptions>(reader);
        LanguageModelOptions o;
        if (stored is not null)
        {
            o = stored with
            {
                VocabularySize = options.Vocabulary?.Count ?? stored.VocabularySize, Cell = options.Cell ?? stored.Cell,
                EmbeddingSize = options.EmbeddingSize ?? stored.EmbeddingSize, HiddenSize = options.HiddenSize ?? stored.HiddenSize,
                NumLayers = options.NumLayers ?? stored.NumLayers,
            };
        }
        else
        {
            var (v, e) = StateDictInference.Matrix(reader, "embedding.weight", "the vocabulary size and embedding width");
            var rnn = StateDictInference.Recurrent(reader, "rnn.");
            o = new LanguageModelOptions(options.Vocabulary?.Count ?? v)
            {
                Cell = StateDictInference.Cell(reader, "rnn.", rnn, options.Cell), EmbeddingSize = options.EmbeddingSize ?? e,
                HiddenSize = options.HiddenSize ?? rnn.HiddenSize, NumLayers = options.NumLayers ?? rnn.NumLayers,
            };
        }
        var model = Build(reader, () => StateDictInference.Count(o), () => new LanguageModel<float>(o));
        Load(reader, model.Store, stored, o);
        return model;
    }

    /// <summary>Builds a tagger (with character features when the file has <c>char_embedding.weight</c>) and loads its weights.</summary>
    /// <exception cref="ArgumentException">An option that a tagger does not have.</exception>
    /// <exception cref="InvalidDataException">The file holds another kind, or its tensors do not fit the model (the message names the tensor and both shapes).</exception>
    public static Tagger<float> Tagger(SafetensorsReader reader, SafetensorsImportOptions options)
    {
        Start(reader, options, ModelKind.Tagger);
        NotFor(options, "a tagger", (options.Pooling, "pooling"), (options.LowestPitch, "a lowest pitch"));
        var stored = StoredOptions<TaggerOptions>(reader);
        TaggerOptions o;
        if (stored is not null)
        {
            o = stored with
            {
                WordCount = options.Vocabulary?.Count ?? stored.WordCount, TagCount = options.Labels?.Count ?? stored.TagCount,
                CharCount = options.CharVocabulary?.Count ?? stored.CharCount, Cell = options.Cell ?? stored.Cell,
                WordEmbeddingSize = options.EmbeddingSize ?? stored.WordEmbeddingSize,
                CharEmbeddingSize = options.CharEmbeddingSize ?? stored.CharEmbeddingSize,
                CharHiddenSize = options.CharHiddenSize ?? stored.CharHiddenSize, MaxWordChars = options.MaxWordChars ?? stored.MaxWordChars,
                HiddenSize = options.HiddenSize ?? stored.HiddenSize, NumLayers = options.NumLayers ?? stored.NumLayers,
                Bidirectional = options.Bidirectional ?? stored.Bidirectional,
            };
        }
        else
        {
            var (v, e) = StateDictInference.Matrix(reader, "embedding.weight", "the word vocabulary size and embedding width");
            var rnn = StateDictInference.Recurrent(reader, "rnn.");
            var (k, _) = StateDictInference.Matrix(reader, "output.weight", "the number of tags");
            o = new TaggerOptions(options.Vocabulary?.Count ?? v, options.Labels?.Count ?? k)
            {
                Cell = StateDictInference.Cell(reader, "rnn.", rnn, options.Cell), WordEmbeddingSize = options.EmbeddingSize ?? e,
                HiddenSize = options.HiddenSize ?? rnn.HiddenSize, NumLayers = options.NumLayers ?? rnn.NumLayers,
                Bidirectional = options.Bidirectional ?? rnn.Bidirectional,
            };
            if (reader.Contains("char_embedding.weight"))
            {
                var (c, ec) = StateDictInference.Matrix(reader, "char_embedding.weight", "the character vocabulary size and embedding width");
                var chars = StateDictInference.Recurrent(reader, "char_rnn.");
                o = o with { CharCount = c, CharEmbeddingSize = ec, CharHiddenSize = chars.HiddenSize };
            }
            o = o with
            {
                CharCount = options.CharVocabulary?.Count ?? o.CharCount, CharEmbeddingSize = options.CharEmbeddingSize ?? o.CharEmbeddingSize,
                CharHiddenSize = options.CharHiddenSize ?? o.CharHiddenSize, MaxWordChars = options.MaxWordChars ?? o.MaxWordChars,
            };
        }
        var model = Build(reader, () => StateDictInference.Count(o), () => new Tagger<float>(o));
        Load(reader, model.Store, stored, o);
        return model;
    }

    /// <summary>Builds a classifier and loads its weights; without metadata the pooling is <see cref="Pooling.Last"/> unless given.</summary>
    /// <exception cref="ArgumentException">An option that a classifier does not have.</exception>
    /// <exception cref="InvalidDataException">The file holds another kind, or its tensors do not fit the model (the message names the tensor and both shapes).</exception>
    public static Classifier<float> Classifier(SafetensorsReader reader, SafetensorsImportOptions options)
    {
        Start(reader, options, ModelKind.Classifier);
        NotFor(options, "a classifier", (options.CharEmbeddingSize, "a character embedding size"), (options.CharHiddenSize, "a character hidden size"),
            (options.MaxWordChars, "a most characters per word"), (options.LowestPitch, "a lowest pitch"), (options.CharVocabulary, "a character vocabulary"));
        var stored = StoredOptions<ClassifierOptions>(reader);
        ClassifierOptions o;
        if (stored is not null)
        {
            o = stored with
            {
                VocabularySize = options.Vocabulary?.Count ?? stored.VocabularySize, ClassCount = options.Labels?.Count ?? stored.ClassCount,
                Cell = options.Cell ?? stored.Cell, EmbeddingSize = options.EmbeddingSize ?? stored.EmbeddingSize,
                HiddenSize = options.HiddenSize ?? stored.HiddenSize, NumLayers = options.NumLayers ?? stored.NumLayers,
                Bidirectional = options.Bidirectional ?? stored.Bidirectional, Pooling = options.Pooling ?? stored.Pooling,
            };
        }
        else
        {
            var (v, e) = StateDictInference.Matrix(reader, "embedding.weight", "the vocabulary size and embedding width");
            var rnn = StateDictInference.Recurrent(reader, "rnn.");
            var (k, _) = StateDictInference.Matrix(reader, "output.weight", "the number of classes");
            o = new ClassifierOptions(options.Vocabulary?.Count ?? v, options.Labels?.Count ?? k)
            {
                Cell = StateDictInference.Cell(reader, "rnn.", rnn, options.Cell), EmbeddingSize = options.EmbeddingSize ?? e,
                HiddenSize = options.HiddenSize ?? rnn.HiddenSize, NumLayers = options.NumLayers ?? rnn.NumLayers,
                Bidirectional = options.Bidirectional ?? rnn.Bidirectional, Pooling = options.Pooling ?? Pooling.Last,
            };
        }
        var model = Build(reader, () => StateDictInference.Count(o), () => new Classifier<float>(o));
        Load(reader, model.Store, stored, o);
        return model;
    }

    /// <summary>Builds a music model and loads its weights; without metadata the lowest pitch is 21 (A0) unless given.</summary>
    /// <exception cref="ArgumentException">An option that a music model does not have.</exception>
    /// <exception cref="InvalidDataException">The file holds another kind, or its tensors do not fit the model (the message names the tensor and both shapes).</exception>
    public static MusicModel<float> Music(SafetensorsReader reader, SafetensorsImportOptions options)
    {
        Start(reader, options, ModelKind.Music);
        NotFor(options, "a music model", (options.EmbeddingSize, "an embedding size"), (options.Bidirectional == true, "bidirectional"),
            (options.CharEmbeddingSize, "a character embedding size"), (options.CharHiddenSize, "a character hidden size"),
            (options.MaxWordChars, "a most characters per word"), (options.Pooling, "pooling"), (options.Vocabulary, "a vocabulary"),
            (options.CharVocabulary, "a character vocabulary"), (options.Labels, "labels"));
        var stored = StoredOptions<MusicModelOptions>(reader);
        MusicModelOptions o;
        if (stored is not null)
        {
            o = stored with
            {
                Cell = options.Cell ?? stored.Cell, HiddenSize = options.HiddenSize ?? stored.HiddenSize,
                NumLayers = options.NumLayers ?? stored.NumLayers, LowestPitch = options.LowestPitch ?? stored.LowestPitch,
            };
        }
        else
        {
            var (k, _) = StateDictInference.Matrix(reader, "decoder.weight", "the number of pitches");
            var rnn = StateDictInference.Recurrent(reader, "rnn.");
            o = new MusicModelOptions
            {
                LowestPitch = options.LowestPitch ?? MusicModelOptions.PianoLowest, PitchCount = k,
                Cell = StateDictInference.Cell(reader, "rnn.", rnn, options.Cell), HiddenSize = options.HiddenSize ?? rnn.HiddenSize,
                NumLayers = options.NumLayers ?? rnn.NumLayers,
            };
        }
        var model = Build(reader, () => StateDictInference.Count(o), () => new MusicModel<float>(o));
        Load(reader, model.Store, stored, o);
        return model;
    }

    /// <summary>
    /// Imports the file as a Recur checkpoint at <paramref name="path"/> (written atomically) that the <c>sample</c>,
    /// <c>score</c>, <c>tag</c>, <c>classify</c> and <c>music</c> verbs read: the model, its vocabularies (from
    /// <paramref name="options"/>, else the metadata) and the data description (the metadata's, else
    /// <see cref="SafetensorsImportOptions.Data"/>).
    /// </summary>
    /// <returns>The kind of model written.</returns>
    /// <exception cref="ArgumentException">A vocabulary or label set the model needs is neither given nor in the metadata, or an option does not apply.</exception>
    /// <exception cref="InvalidDataException">The file does not fit the model (see the per-kind methods).</exception>
    public static ModelKind SaveCheckpoint(SafetensorsReader reader, SafetensorsImportOptions options, string path)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var kind = Kind(reader, options.Kind);
        string data = reader.Metadata.GetValueOrDefault(SafetensorsMetadata.Data) ?? options.Data ?? "{}";
        switch (kind)
        {
            case ModelKind.LanguageModel:
            {
                var vocabulary = options.Vocabulary ?? StoredVocabulary(reader, SafetensorsMetadata.Vocabulary) ?? throw Needs(reader, "a vocabulary", SafetensorsMetadata.Vocabulary);
                var model = LanguageModel(reader, options with { Vocabulary = vocabulary });
                LanguageModelCheckpoint.Save(path, model, vocabulary, data, trainer: null);
                break;
            }
            case ModelKind.Tagger:
            {
                var words = options.Vocabulary ?? StoredVocabulary(reader, SafetensorsMetadata.Vocabulary) ?? throw Needs(reader, "a word vocabulary", SafetensorsMetadata.Vocabulary);
                var tags = options.Labels ?? StoredLabels(reader) ?? throw Needs(reader, "the tags", SafetensorsMetadata.Labels);
                var chars = options.CharVocabulary ?? StoredVocabulary(reader, SafetensorsMetadata.CharVocabulary);
                var model = Tagger(reader, options with { Vocabulary = words, Labels = tags, CharVocabulary = chars });
                if (model.Options.UseCharacters && chars is null) throw Needs(reader, "a character vocabulary", SafetensorsMetadata.CharVocabulary);
                TaggerVocabularies vocabularies;
                try
                {
                    vocabularies = new TaggerVocabularies(words, chars, tags);
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException(Plain(e), nameof(options), e);
                }
                TaggerCheckpoint.Save(path, model, vocabularies, data, trainer: null);
                break;
            }
            case ModelKind.Classifier:
            {
                var tokens = options.Vocabulary ?? StoredVocabulary(reader, SafetensorsMetadata.Vocabulary) ?? throw Needs(reader, "a vocabulary", SafetensorsMetadata.Vocabulary);
                var labels = options.Labels ?? StoredLabels(reader) ?? throw Needs(reader, "the class labels", SafetensorsMetadata.Labels);
                var model = Classifier(reader, options with { Vocabulary = tokens, Labels = labels });
                ClassifierCheckpoint.Save(path, model, new ClassifierVocabularies(tokens, labels), data, trainer: null);
                break;
            }
            default:
                MusicCheckpoint.Save(path, Music(reader, options), data, trainer: null);
                break;
        }
        return kind;
    }

    /// <summary>
    /// Fills every parameter of <paramref name="store"/> from the tensor of the same name, after checking them all:
    /// each must be present with exactly the parameter's shape, and the file may hold no other tensor.
    /// </summary>
    /// <exception cref="InvalidDataException">A tensor is missing, has another shape or a non-float dtype, or is not a parameter; the message names it.</exception>
    public static void LoadParameters(SafetensorsReader reader, ParameterStore<float> store)
    {
        CheckShapes(reader, store);
        foreach (var slot in store.Slots) reader.ReadFloats(slot.Name, store.Value(slot));
    }

    private static void CheckShapes(SafetensorsReader reader, ParameterStore<float> store)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(store);
        foreach (var slot in store.Slots)
        {
            var entry = reader.Find(slot.Name) ?? throw new InvalidDataException($"{reader.Source}: tensor {slot.Name} is missing (expected shape {slot.ShapeText}).");
            if (!entry.HasShape(slot.Shape))
                throw new InvalidDataException($"{reader.Source}: tensor {slot.Name}: expected shape {slot.ShapeText}, found {entry.ShapeText}.");
            if (!entry.DType.IsReadableAsFloat())
                throw new InvalidDataException($"{reader.Source}: tensor {slot.Name} has dtype {entry.DType.ToName()}; Recur reads F32, F16, BF16 and F64 weights.");
        }
        var extra = reader.Entries.Where(e => !store.Contains(e.Name)).ToList();
        if (extra.Count > 0)
            throw new InvalidDataException($"{reader.Source}: tensor {extra[0].Name} {extra[0].ShapeText} is not a parameter of the model" +
                (extra.Count > 1 ? $" (nor are {extra.Count - 1} more)." : "."));
    }

    private static void Start(SafetensorsReader reader, SafetensorsImportOptions options, ModelKind kind)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Kind is ModelKind requested && requested != kind)
            throw new ArgumentException($"The options ask for a {requested.ToName()} model, not a {kind.ToName()}.", nameof(options));
        Kind(reader, kind);
    }

    private static void NotFor(SafetensorsImportOptions options, string model, params (object? Value, string What)[] fields)
    {
        foreach (var (value, what) in fields)
            if (value is not (null or false)) throw new ArgumentException($"{char.ToUpperInvariant(what[0])}{what[1..]} does not apply to {model}.", nameof(options));
    }

    // The options record of the metadata, or null for a file without it.
    private static TOptions? StoredOptions<TOptions>(SafetensorsReader reader) where TOptions : class
    {
        if (!reader.Metadata.TryGetValue(SafetensorsMetadata.Options, out var json)) return null;
        try
        {
            return JsonSerializer.Deserialize<TOptions>(json, TrainingCheckpoint.Json) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{reader.Source}: metadata {SafetensorsMetadata.Options} is not valid: {e.Message}", e);
        }
    }

    private static Vocabulary? StoredVocabulary(SafetensorsReader reader, string key) =>
        reader.Metadata.TryGetValue(key, out var json) ? SafetensorsMetadata.VocabularyFromJson(json, reader.Source, key) : null;

    private static LabelSet? StoredLabels(SafetensorsReader reader) =>
        reader.Metadata.TryGetValue(SafetensorsMetadata.Labels, out var json)
            ? LabelSet.FromJson(json, $"{reader.Source} (metadata {SafetensorsMetadata.Labels})")
            : null;

    private static ArgumentException Needs(SafetensorsReader reader, string what, string key) =>
        new($"{reader.Source} has no {key} metadata; give {what}.", "options");

    // A model that needs more parameters than the file has values cannot match it; a large one is refused before it is
    // allocated, so that the sizes in a file (or a mistyped option) never allocate far beyond the file's size.
    private static string Plain(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);

    // An option as the command line spells it, e.g. "cell gru-after" for {"Cell": "gru-reset-after"}.
    private static string Describe(string property, JsonElement value)
    {
        string name = string.Concat(property.Select((c, i) => char.IsUpper(c) ? (i > 0 ? " " : "") + char.ToLowerInvariant(c) : c.ToString()));
        if (property == "Cell" && value.ValueKind == JsonValueKind.String)
            return $"{name} {JsonSerializer.Deserialize<CellKind>(value.GetRawText(), TrainingCheckpoint.Json).ToName()}";
        return $"{name} {(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())}";
    }

    private static TModel Build<TModel>(SafetensorsReader reader, Func<long> count, Func<TModel> create)
    {
        try
        {
            long values = reader.Entries.Sum(e => e.ElementCount), needed;
            try
            {
                needed = count();
            }
            catch (OverflowException)
            {
                needed = long.MaxValue;
            }
            if (needed > values && needed > LargeModel)
                throw new InvalidDataException($"{reader.Source}: the model options describe {needed} parameters, but the file holds only {values} values.");
            return create();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{reader.Source}: the model options are invalid: {Plain(e)}", e);
        }
    }

    // Shapes first, so that a contradicting size names its tensor; then choices the shapes cannot show (cell form,
    // pooling) against the metadata; then the data.
    private static void Load<TOptions>(SafetensorsReader reader, ParameterStore<float> store, TOptions? stored, TOptions used) where TOptions : class
    {
        CheckShapes(reader, store);
        if (stored is not null)
        {
            using var before = JsonDocument.Parse(JsonSerializer.Serialize(stored, TrainingCheckpoint.Json));
            using var after = JsonDocument.Parse(JsonSerializer.Serialize(used, TrainingCheckpoint.Json));
            foreach (var p in before.RootElement.EnumerateObject())
            {
                if (after.RootElement.TryGetProperty(p.Name, out var q) && p.Value.GetRawText() != q.GetRawText())
                    throw new InvalidDataException($"{reader.Source}: the requested {Describe(p.Name, q)} contradicts the file's metadata " +
                        $"{SafetensorsMetadata.Options} ({Describe(p.Name, p.Value)}).");
            }
        }
        LoadParameters(reader, store);
    }
}
