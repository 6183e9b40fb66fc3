using Recur.Cells;
using Recur.Layers;
using Recur.Models;

namespace Recur.IO;

/// <summary>
/// Reads a model's architecture from the names and shapes of a PyTorch-style state_dict: layers from
/// <c>{prefix}weight_ih_l{k}</c>, directions from <c>_reverse</c>, H from the columns of <c>weight_hh_l0</c> [G·H, H],
/// the gate count G from its rows (1 RNN, 2 simple GRU, 3 GRU, 4 LSTM) and peepholes from <c>weight_peephole_l0</c>.
/// </summary>
internal static class StateDictInference
{
    /// <summary>What the tensors of one recurrent stack say about it.</summary>
    internal readonly record struct RecurrentShape(int GateCount, bool Peephole, int InputSize, int HiddenSize, int NumLayers, bool Bidirectional);

    /// <summary>The rows and columns of a two-dimensional tensor that must exist.</summary>
    /// <exception cref="InvalidDataException">It is missing, not two-dimensional, or has a zero or huge dimension.</exception>
    public static (int Rows, int Columns) Matrix(SafetensorsReader reader, string name, string purpose)
    {
        var entry = reader.Find(name) ?? throw new InvalidDataException($"{reader.Source}: tensor {name} is missing; it gives {purpose}.");
        if (entry.Shape.Length != 2 || entry.Shape.Any(d => d <= 0 || d > int.MaxValue))
            throw new InvalidDataException($"{reader.Source}: tensor {name} has shape {entry.ShapeText}; expected two positive dimensions ({purpose}).");
        return ((int)entry.Shape[0], (int)entry.Shape[1]);
    }

    /// <summary>The shape of the recurrent stack whose tensors start with <paramref name="prefix"/> (e.g. <c>rnn.</c>).</summary>
    /// <exception cref="InvalidDataException">Its first layer's tensors are missing or malformed.</exception>
    public static RecurrentShape Recurrent(SafetensorsReader reader, string prefix)
    {
        var (_, input) = Matrix(reader, prefix + "weight_ih_l0", "the input width of the first recurrent layer");
        var (rows, hidden) = Matrix(reader, prefix + "weight_hh_l0", "the hidden size and gate count");
        if (rows % hidden != 0 || rows / hidden is < 1 or > 4)
            throw new InvalidDataException($"{reader.Source}: tensor {prefix}weight_hh_l0 has shape [{rows}, {hidden}]; its rows must be 1, 2, 3 or 4 times " +
                "its columns (RNN, simple GRU, GRU, LSTM gates of the hidden size).");
        int layers = 1;
        while (reader.Contains($"{prefix}weight_ih_l{layers}")) layers++;
        return new RecurrentShape(rows / hidden, reader.Contains(prefix + "weight_peephole_l0"), input, hidden, layers,
            reader.Contains(prefix + "weight_ih_l0_reverse"));
    }

    /// <summary>
    /// The cell: <paramref name="requested"/> when given (the shape check then judges it), else the one form the gate
    /// count allows, taking PyTorch's torch.nn.GRU (reset after the matmul) for three gates.
    /// </summary>
    /// <exception cref="InvalidDataException">One gate: rnn-tanh and rnn-relu cannot be told apart.</exception>
    public static CellKind Cell(SafetensorsReader reader, string prefix, RecurrentShape shape, CellKind? requested)
    {
        if (requested is CellKind cell) return cell;
        return shape.GateCount switch
        {
            1 => throw new InvalidDataException($"{reader.Source}: tensor {prefix}weight_hh_l0 [{shape.HiddenSize}, {shape.HiddenSize}] is an RNN's, " +
                "but rnn-tanh and rnn-relu have the same tensors; name the cell."),
            2 => CellKind.GruSimple,
            3 => CellKind.GruResetAfter,
            _ => shape.Peephole ? CellKind.LstmPeephole : CellKind.Lstm,
        };
    }

    /// <summary>
    /// The model kind the tensor names suggest: <c>decoder.*</c> with an embedding is a language model, without one a
    /// music model; character tensors mean a tagger.
    /// </summary>
    /// <exception cref="InvalidDataException">The names fit a tagger and a classifier alike, or no model at all.</exception>
    public static ModelKind Kind(SafetensorsReader reader)
    {
        bool embedding = reader.Contains("embedding.weight"), decoder = reader.Contains("decoder.weight"), output = reader.Contains("output.weight");
        if (decoder) return embedding ? ModelKind.LanguageModel : ModelKind.Music;
        if (reader.Contains("char_embedding.weight")) return ModelKind.Tagger;
        if (embedding && output)
            throw new InvalidDataException($"{reader.Source}: the tensors (embedding.weight, rnn.*, output.weight) fit a tagger and a classifier alike, " +
                "and the file has no recur.kind metadata; name the kind.");
        throw new InvalidDataException($"{reader.Source}: the tensors match no Recur model (language model: embedding.weight, rnn.*, decoder.*; " +
            "tagger or classifier: embedding.weight, rnn.*, output.*; music: rnn.*, decoder.*).");
    }

    /// <summary>The number of parameters of a recurrent stack built with <paramref name="options"/>.</summary>
    /// <exception cref="OverflowException">More than a long can count.</exception>
    public static long Count(RecurrentOptions options)
    {
        long h = options.HiddenSize, g = options.Cell.GateCount() * h, dirs = options.Bidirectional ? 2 : 1, input = options.InputSize, total = 0;
        for (int l = 0; l < options.NumLayers; l++)
        {
            long perDirection = checked(g * input + g * h + (options.Bias ? 2 * g : 0) + (options.Cell == CellKind.LstmPeephole ? 3 * h : 0));
            total = checked(total + dirs * perDirection);
            input = options.Bidirectional && options.Merge == DirectionMerge.Concat ? 2 * h : h;
        }
        return total;
    }

    /// <summary>The number of parameters of a <see cref="LanguageModel{T}"/>.</summary>
    public static long Count(LanguageModelOptions o) =>
        checked((long)o.VocabularySize * o.EmbeddingSize + Count(o.Recurrent) + (long)o.VocabularySize * o.HiddenSize + o.VocabularySize);

    /// <summary>The number of parameters of a <see cref="Tagger{T}"/>.</summary>
    public static long Count(TaggerOptions o) =>
        checked((long)o.WordCount * o.WordEmbeddingSize + (o.UseCharacters ? (long)o.CharCount * o.CharEmbeddingSize + Count(o.CharRecurrent) : 0)
            + Count(o.Recurrent) + (long)o.TagCount * o.HiddenSize * (o.Bidirectional ? 2 : 1) + o.TagCount);

    /// <summary>The number of parameters of a <see cref="Classifier{T}"/>.</summary>
    public static long Count(ClassifierOptions o) =>
        checked((long)o.VocabularySize * o.EmbeddingSize + Count(o.Recurrent) + (long)o.ClassCount * o.FeatureSize + o.ClassCount);

    /// <summary>The number of parameters of a <see cref="MusicModel{T}"/>.</summary>
    public static long Count(MusicModelOptions o) =>
        checked(Count(o.Recurrent) + (long)o.PitchCount * o.HiddenSize + o.PitchCount);
}
