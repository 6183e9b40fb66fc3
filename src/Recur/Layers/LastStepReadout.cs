using System.Numerics;

namespace Recur.Layers;

/// <summary>
/// Many-to-one read-out: the output of each sequence at its own last valid step, y[len_b − 1, b] (zeros for an empty sequence).
/// </summary>
public static class LastStepReadout
{
    /// <summary>out[b] = y[lengths[b] − 1, b].</summary>
    /// <param name="steps">T.</param>
    /// <param name="batch">B.</param>
    /// <param name="width">W.</param>
    /// <param name="lengths">[B], each in 0..T.</param>
    /// <param name="y">[T, B, W].</param>
    /// <param name="output">[B, W], written.</param>
    /// <exception cref="ArgumentException">A length is out of range or a span is too short.</exception>
    public static void Forward<T>(int steps, int batch, int width, ReadOnlySpan<int> lengths, ReadOnlySpan<T> y, Span<T> output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(steps, batch, width, lengths, y.Length, output.Length);
        for (int b = 0; b < batch; b++)
        {
            var o = output.Slice(b * width, width);
            int t = lengths[b] - 1;
            if (t < 0) o.Clear();
            else y.Slice((t * batch + b) * width, width).CopyTo(o);
        }
    }

    /// <summary>dy[lengths[b] − 1, b] += dOutput[b].</summary>
    public static void Backward<T>(int steps, int batch, int width, ReadOnlySpan<int> lengths, ReadOnlySpan<T> dOutput, Span<T> dy)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(steps, batch, width, lengths, dy.Length, dOutput.Length);
        for (int b = 0; b < batch; b++)
        {
            int t = lengths[b] - 1;
            if (t < 0) continue;
            var d = dy.Slice((t * batch + b) * width, width);
            System.Numerics.Tensors.TensorPrimitives.Add(d, dOutput.Slice(b * width, width), d);
        }
    }

    private static void Check(int steps, int batch, int width, ReadOnlySpan<int> lengths, int sequenceLength, int rowLength)
    {
        if (lengths.Length != batch) throw new ArgumentException($"Expected {batch} lengths, got {lengths.Length}.", nameof(lengths));
        for (int b = 0; b < batch; b++)
            if ((uint)lengths[b] > (uint)steps) throw new ArgumentException($"Length {lengths[b]} of sequence {b} is outside 0..{steps}.", nameof(lengths));
        if (sequenceLength < steps * batch * width) throw new ArgumentException($"Expected {steps * batch * width} sequence values.");
        if (rowLength < batch * width) throw new ArgumentException($"Expected {batch * width} row values.");
    }
}
