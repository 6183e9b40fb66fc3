using System.Numerics;

namespace Recur.Layers;

/// <summary>
/// A recurrent layer over a batch of time-major sequences of different lengths: one direction
/// (<see cref="RecurrentLayer{T}"/>) or both (<see cref="Bidirectional{T}"/>). Sequence b has
/// <c>lengths[b]</c> valid steps; padded steps neither change its state nor receive gradient, and its outputs there are zero.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public interface IRecurrentBlock<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>D, the input width.</summary>
    int InputSize { get; }

    /// <summary>H, the state width of one direction.</summary>
    int HiddenSize { get; }

    /// <summary>Width of one output row: H, or 2H for concatenated directions.</summary>
    int OutputSize { get; }

    /// <summary>1 or 2.</summary>
    int Directions { get; }

    /// <summary>True for LSTM forms, whose states include c.</summary>
    bool HasCellState { get; }

    /// <summary>True while forward passes read half-precision copies of the weight matrices (see <see cref="SetHalfPrecisionWeights"/>).</summary>
    bool HalfPrecisionWeights => false;

    /// <summary>
    /// Turns on or off inference with the weight matrices rounded to half precision (float layers only): on takes a
    /// snapshot of the current weights, so call it again after they change. Biases stay in float. Backward throws
    /// while it is on.
    /// </summary>
    /// <exception cref="NotSupportedException">The element type is not float, or the block has no half-precision path.</exception>
    /// <exception cref="ArgumentException">A weight exceeds half precision's range (±65504).</exception>
    /// <remarks>The default, for blocks without a half-precision path, refuses to turn it on.</remarks>
    void SetHalfPrecisionWeights(bool enabled)
    {
        if (enabled) throw new NotSupportedException($"{GetType().Name} has no half-precision weights.");
    }

    /// <summary>Runs the layer over all steps.</summary>
    /// <param name="steps">T ≥ 1.</param>
    /// <param name="batch">B ≥ 1.</param>
    /// <param name="lengths">[B], each in 0..T; empty means every sequence has T steps.</param>
    /// <param name="x">[T, B, D].</param>
    /// <param name="h0">[Directions, B, H] initial hidden states, or empty for zeros.</param>
    /// <param name="c0">[Directions, B, H] initial cell states (LSTM), or empty for zeros.</param>
    /// <param name="y">[T, B, OutputSize], written.</param>
    /// <param name="hN">[Directions, B, H]: each sequence's hidden state at its own length; empty to skip.</param>
    /// <param name="cN">[Directions, B, H]: final cell states (LSTM); empty to skip.</param>
    /// <param name="recurrentMask">[Directions, B, H] variational dropout mask on h before the recurrent matmul
    /// (already scaled by 1/(1−p)), one per sequence, or empty for none.</param>
    void Forward(int steps, int batch, ReadOnlySpan<int> lengths, ReadOnlySpan<T> x, ReadOnlySpan<T> h0, ReadOnlySpan<T> c0,
        Span<T> y, Span<T> hN, Span<T> cN, ReadOnlySpan<T> recurrentMask);

    /// <summary>Backpropagates through the last <see cref="Forward"/>; parameter gradients are ADDED to the store.</summary>
    /// <param name="x">[T, B, D], the same input as the forward pass.</param>
    /// <param name="dy">[T, B, OutputSize] ∂L/∂y.</param>
    /// <param name="dhN">[Directions, B, H] ∂L/∂hN, or empty for zero.</param>
    /// <param name="dcN">[Directions, B, H] ∂L/∂cN, or empty for zero.</param>
    /// <param name="dx">[T, B, D], overwritten with ∂L/∂x; empty to skip.</param>
    /// <param name="dh0">[Directions, B, H], overwritten with ∂L/∂h0; empty to skip.</param>
    /// <param name="dc0">[Directions, B, H], overwritten with ∂L/∂c0; empty to skip.</param>
    void Backward(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, ReadOnlySpan<T> dhN, ReadOnlySpan<T> dcN, Span<T> dx, Span<T> dh0, Span<T> dc0);
}
