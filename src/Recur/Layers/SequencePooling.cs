using System.Numerics;
using System.Numerics.Tensors;

namespace Recur.Layers;

/// <summary>
/// Many-to-one pooling over the valid steps of time-major sequences: mean and element-wise max. A sequence of length 0
/// pools to zeros and receives no gradient.
/// </summary>
public static class SequencePooling
{
    // y [T,B,W];  out[b] = (1/len_b)·Σ_{t<len_b} y[t,b]      [B,W]
    /// <summary>The mean of each sequence's outputs over its valid steps.</summary>
    /// <param name="steps">T.</param>
    /// <param name="batch">B.</param>
    /// <param name="width">W.</param>
    /// <param name="lengths">[B], each in 0..T.</param>
    /// <param name="y">[T, B, W].</param>
    /// <param name="output">[B, W], written.</param>
    /// <exception cref="ArgumentException">A length is out of range or a span is too short.</exception>
    public static void MeanForward<T>(int steps, int batch, int width, ReadOnlySpan<int> lengths, ReadOnlySpan<T> y, Span<T> output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(steps, batch, width, lengths, y.Length, output.Length);
        for (int b = 0; b < batch; b++)
        {
            var o = output.Slice(b * width, width);
            o.Clear();
            int n = lengths[b];
            if (n == 0) continue;
            for (int t = 0; t < n; t++) TensorPrimitives.Add(o, y.Slice((t * batch + b) * width, width), o);
            TensorPrimitives.Multiply(o, T.One / T.CreateChecked(n), o);
        }
    }

    // dy[t,b] += dOut[b]/len_b  for t < len_b
    /// <summary>Adds the gradient of <see cref="MeanForward{T}"/> to <paramref name="dy"/>.</summary>
    /// <param name="steps">T.</param>
    /// <param name="batch">B.</param>
    /// <param name="width">W.</param>
    /// <param name="lengths">[B], as in the forward pass.</param>
    /// <param name="dOutput">[B, W] ∂L/∂output.</param>
    /// <param name="dy">[T, B, W], added to.</param>
    public static void MeanBackward<T>(int steps, int batch, int width, ReadOnlySpan<int> lengths, ReadOnlySpan<T> dOutput, Span<T> dy)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(steps, batch, width, lengths, dy.Length, dOutput.Length);
        for (int b = 0; b < batch; b++)
        {
            int n = lengths[b];
            if (n == 0) continue;
            T scale = T.One / T.CreateChecked(n);
            var d = dOutput.Slice(b * width, width);
            for (int t = 0; t < n; t++)
            {
                var row = dy.Slice((t * batch + b) * width, width);
                TensorPrimitives.MultiplyAdd(d, scale, row, row);
            }
        }
    }

    // out[b,j] = max_{t<len_b} y[t,b,j];  argmax[b,j] = the first t reaching it
    /// <summary>The element-wise maximum of each sequence's outputs over its valid steps, and where each was reached.</summary>
    /// <param name="steps">T.</param>
    /// <param name="batch">B.</param>
    /// <param name="width">W.</param>
    /// <param name="lengths">[B], each in 0..T.</param>
    /// <param name="y">[T, B, W].</param>
    /// <param name="output">[B, W], written.</param>
    /// <param name="argmax">[B, W], written: the step of each maximum (the first on ties), −1 for an empty sequence.</param>
    /// <exception cref="ArgumentException">A length is out of range or a span is too short.</exception>
    public static void MaxForward<T>(int steps, int batch, int width, ReadOnlySpan<int> lengths, ReadOnlySpan<T> y, Span<T> output, Span<int> argmax)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(steps, batch, width, lengths, y.Length, output.Length);
        if (argmax.Length < batch * width) throw new ArgumentException($"Expected room for {batch * width} indices.", nameof(argmax));
        for (int b = 0; b < batch; b++)
        {
            var o = output.Slice(b * width, width);
            var at = argmax.Slice(b * width, width);
            int n = lengths[b];
            if (n == 0)
            {
                o.Clear();
                at.Fill(-1);
                continue;
            }
            y.Slice(b * width, width).CopyTo(o);
            at.Clear();
            for (int t = 1; t < n; t++)
            {
                var row = y.Slice((t * batch + b) * width, width);
                for (int j = 0; j < width; j++)
                {
                    if (!(row[j] > o[j])) continue;
                    o[j] = row[j];
                    at[j] = t;
                }
            }
        }
    }

    // dy[argmax[b,j], b, j] += dOut[b,j]
    /// <summary>Adds the gradient of <see cref="MaxForward{T}"/> to <paramref name="dy"/>: each maximum's step gets it all.</summary>
    /// <param name="steps">T.</param>
    /// <param name="batch">B.</param>
    /// <param name="width">W.</param>
    /// <param name="argmax">[B, W] from the forward pass.</param>
    /// <param name="dOutput">[B, W] ∂L/∂output.</param>
    /// <param name="dy">[T, B, W], added to.</param>
    /// <exception cref="ArgumentException">A span is too short or an index is out of range.</exception>
    public static void MaxBackward<T>(int steps, int batch, int width, ReadOnlySpan<int> argmax, ReadOnlySpan<T> dOutput, Span<T> dy)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (argmax.Length < batch * width || dOutput.Length < batch * width) throw new ArgumentException($"Expected {batch * width} row values.");
        if (dy.Length < steps * batch * width) throw new ArgumentException($"Expected {steps * batch * width} sequence values.", nameof(dy));
        for (int b = 0; b < batch; b++)
            for (int j = 0; j < width; j++)
            {
                int t = argmax[b * width + j];
                if (t < 0) continue;
                if (t >= steps) throw new ArgumentException($"Step {t} is outside 0..{steps - 1}.", nameof(argmax));
                dy[(t * batch + b) * width + j] += dOutput[b * width + j];
            }
    }

    private static void Check(int steps, int batch, int width, ReadOnlySpan<int> lengths, int sequenceLength, int rowLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (lengths.Length != batch) throw new ArgumentException($"Expected {batch} lengths, got {lengths.Length}.", nameof(lengths));
        for (int b = 0; b < batch; b++)
            if ((uint)lengths[b] > (uint)steps) throw new ArgumentException($"Length {lengths[b]} of sequence {b} is outside 0..{steps}.", nameof(lengths));
        if (sequenceLength < steps * batch * width) throw new ArgumentException($"Expected {steps * batch * width} sequence values.");
        if (rowLength < batch * width) throw new ArgumentException($"Expected {batch * width} row values.");
    }
}
