using Recur.Cells;

namespace Recur.Layers;

/// <summary>
/// Shape of a stacked recurrent network, with PyTorch's meanings and defaults (torch.nn.LSTM and friends).
/// </summary>
/// <param name="Cell">Cell form.</param>
/// <param name="InputSize">D, the input width of the first layer.</param>
/// <param name="HiddenSize">H, the state width of every layer and direction.</param>
public sealed record RecurrentOptions(CellKind Cell, int InputSize, int HiddenSize)
{
    /// <summary>Number of stacked layers (default 1).</summary>
    public int NumLayers { get; init; } = 1;

    /// <summary>Whether cells have biases b_ih and b_hh (default true).</summary>
    public bool Bias { get; init; } = true;

    /// <summary>Run each layer in both directions (default false).</summary>
    public bool Bidirectional { get; init; }

    /// <summary>How the two directions' outputs combine (default concatenation).</summary>
    public DirectionMerge Merge { get; init; } = DirectionMerge.Concat;

    /// <summary>Dropout probability on the outputs of every layer but the last, in training (default 0).</summary>
    public double Dropout { get; init; }

    /// <summary>Variational dropout probability on h before the recurrent matmul: one mask per sequence and layer,
    /// the same at every step (Gal and Ghahramani 2016); default 0.</summary>
    public double RecurrentDropout { get; init; }

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A size is not positive or a probability is outside [0, 1).</exception>
    public void Validate()
    {
        if (InputSize <= 0) throw new ArgumentException($"Input size must be positive, got {InputSize}.", nameof(InputSize));
        if (HiddenSize <= 0) throw new ArgumentException($"Hidden size must be positive, got {HiddenSize}.", nameof(HiddenSize));
        if (NumLayers <= 0) throw new ArgumentException($"Number of layers must be positive, got {NumLayers}.", nameof(NumLayers));
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentException($"Dropout must be in [0, 1), got {Dropout}.", nameof(Dropout));
        if (!(RecurrentDropout >= 0 && RecurrentDropout < 1))
            throw new ArgumentException($"Recurrent dropout must be in [0, 1), got {RecurrentDropout}.", nameof(RecurrentDropout));
    }
}
