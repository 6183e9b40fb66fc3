using Recur.Cells;
using Recur.Layers;

namespace Recur.Models;

/// <summary>
/// Shape of a <see cref="MusicModel{T}"/>: a multi-hot frame over <see cref="PitchCount"/> pitches from
/// <see cref="LowestPitch"/> in, stacked recurrent layers, a linear layer and an independent sigmoid per pitch out.
/// The default range is the 88 piano keys, MIDI 21 (A0) to 108 (C8), the input and output width of
/// Boulanger-Lewandowski et al. (2012), Chung et al. (2014) and Bai et al. (2018); a narrower range (e.g. the pitches
/// found in the data) gives fewer parameters and the same NLL when the data never leaves it.
/// </summary>
public sealed record MusicModelOptions
{
    /// <summary>The lowest MIDI pitch of the piano, A0.</summary>
    public const int PianoLowest = 21;

    /// <summary>The number of piano keys, A0 to C8.</summary>
    public const int PianoKeys = 88;

    /// <summary>The lowest pitch the model sees (default 21, A0).</summary>
    public int LowestPitch { get; init; } = PianoLowest;

    /// <summary>K, the number of pitches, LowestPitch…LowestPitch + K − 1 (default 88).</summary>
    public int PitchCount { get; init; } = PianoKeys;

    /// <summary>Cell form (default <see cref="CellKind.Gru"/>, the reset-before GRU of Cho et al. and Chung et al.).</summary>
    public CellKind Cell { get; init; } = CellKind.Gru;

    /// <summary>Hidden width of every layer (default 46, Chung et al.'s GRU of about 20k parameters on 88 pitches).</summary>
    public int HiddenSize { get; init; } = 46;

    /// <summary>Number of stacked layers (default 1).</summary>
    public int NumLayers { get; init; } = 1;

    /// <summary>Dropout between layers and before the output layer, in training (default 0).</summary>
    public double Dropout { get; init; }

    /// <summary>Variational dropout on the recurrent connection, one mask per sequence and layer (default 0).</summary>
    public double RecurrentDropout { get; init; }

    /// <summary>The highest pitch the model sees.</summary>
    public int HighestPitch => LowestPitch + PitchCount - 1;

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">The pitch range leaves 0–127, a size is not positive or a dropout is outside [0, 1).</exception>
    public void Validate()
    {
        if (LowestPitch < 0 || PitchCount <= 0 || LowestPitch + PitchCount > PianoRoll.MaxPitch + 1)
            throw new ArgumentException($"The pitch range {LowestPitch}…{LowestPitch + PitchCount - 1} is not inside MIDI's 0…127.", nameof(PitchCount));
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentException($"Dropout must be in [0, 1), got {Dropout}.", nameof(Dropout));
        Recurrent.Validate();
    }

    /// <summary>The options of the recurrent stack: K inputs, H hidden units per layer.</summary>
    public RecurrentOptions Recurrent => new(Cell, PitchCount, HiddenSize)
    {
        NumLayers = NumLayers, Dropout = Dropout, RecurrentDropout = RecurrentDropout,
    };
}
