using Recur.Cells;
using Recur.Layers;
using Recur.Models;
using Recur.Text;

namespace Recur.IO;

/// <summary>
/// What <see cref="SafetensorsImport"/> needs beyond the file. Every field is optional: a file with Recur's metadata
/// carries them all, and for one without, the architecture is read from the tensor names and shapes. A size given
/// here is used to build the model, so one that the file contradicts fails with the tensor, the expected and the
/// found shape; a choice the shapes cannot show (cell form, pooling) must agree with the file's metadata.
/// </summary>
public sealed record SafetensorsImportOptions
{
    /// <summary>The model kind; default: the metadata's, else the one the tensor names suggest.</summary>
    public ModelKind? Kind { get; init; }

    /// <summary>The cell form; needed for an RNN without metadata (rnn-tanh and rnn-relu have the same tensors). Without
    /// metadata, three gates mean <see cref="CellKind.GruResetAfter"/> (torch.nn.GRU) unless this says otherwise.</summary>
    public CellKind? Cell { get; init; }

    /// <summary>The (word) embedding width.</summary>
    public int? EmbeddingSize { get; init; }

    /// <summary>The hidden size of each layer and direction.</summary>
    public int? HiddenSize { get; init; }

    /// <summary>The number of stacked layers.</summary>
    public int? NumLayers { get; init; }

    /// <summary>Whether the recurrent stack runs both ways (tagger, classifier).</summary>
    public bool? Bidirectional { get; init; }

    /// <summary>A tagger's character embedding width.</summary>
    public int? CharEmbeddingSize { get; init; }

    /// <summary>A tagger's character hidden size.</summary>
    public int? CharHiddenSize { get; init; }

    /// <summary>A tagger's most characters per word (default <see cref="TaggerOptions.MaxWordChars"/>'s).</summary>
    public int? MaxWordChars { get; init; }

    /// <summary>A classifier's pooling (default <see cref="Layers.Pooling.Last"/>).</summary>
    public Pooling? Pooling { get; init; }

    /// <summary>A music model's lowest pitch (default <see cref="MusicModelOptions.PianoLowest"/>).</summary>
    public int? LowestPitch { get; init; }

    /// <summary>The tokens of a language model or classifier, or the words of a tagger; replaces the metadata's.</summary>
    public Vocabulary? Vocabulary { get; init; }

    /// <summary>A tagger's characters; replaces the metadata's.</summary>
    public Vocabulary? CharVocabulary { get; init; }

    /// <summary>A tagger's tags or a classifier's classes; replaces the metadata's.</summary>
    public LabelSet? Labels { get; init; }

    /// <summary>The data description stored in the checkpoint when the file has none (default <c>{}</c>).</summary>
    public string? Data { get; init; }
}
