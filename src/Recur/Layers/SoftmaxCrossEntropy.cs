using System.Numerics;
using Recur.Kernels;

namespace Recur.Layers;

/// <summary>
/// Softmax cross-entropy per row (per time step), as torch.nn.functional.cross_entropy: loss_r = −log softmax(z_r)[y_r].
/// Rows whose target is <see cref="IgnoreIndex"/> (padding) count for nothing; the mean divides by the rows counted.
/// The gradient is fused: ∂L/∂z_r = softmax(z_r) − onehot(y_r), scaled by 1/count for the mean.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class SoftmaxCrossEntropy<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Target value that marks a row to ignore (PyTorch's default −100).</summary>
    public int IgnoreIndex { get; init; } = -100;

    /// <summary>Mean (default) or sum.</summary>
    public Reduction Reduction { get; init; } = Reduction.Mean;

    /// <summary>Computes the loss, and its gradient when <paramref name="dLogits"/> is not empty.</summary>
    /// <param name="rows">N.</param>
    /// <param name="classes">C.</param>
    /// <param name="logits">[N, C].</param>
    /// <param name="targets">[N] class indices or <see cref="IgnoreIndex"/>.</param>
    /// <param name="dLogits">[N, C] overwritten with ∂L/∂logits (zero on ignored rows), or empty.</param>
    /// <returns>The loss; zero when every row is ignored.</returns>
    /// <exception cref="ArgumentException">A target is out of range or a span is too short.</exception>
    public T Compute(int rows, int classes, ReadOnlySpan<T> logits, ReadOnlySpan<int> targets, Span<T> dLogits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if (logits.Length < rows * classes) throw new ArgumentException($"Expected {rows * classes} logits.", nameof(logits));
        if (targets.Length < rows) throw new ArgumentException($"Expected {rows} targets.", nameof(targets));
        bool grad = !dLogits.IsEmpty;
        if (grad && dLogits.Length < rows * classes) throw new ArgumentException($"Expected room for {rows * classes} gradients.", nameof(dLogits));
        int counted = 0;
        T total = T.Zero;
        for (int r = 0; r < rows; r++)
        {
            int y = targets[r];
            if (y == IgnoreIndex)
            {
                if (grad) dLogits.Slice(r * classes, classes).Clear();
                continue;
            }
            if ((uint)y >= (uint)classes) throw new ArgumentException($"Target {y} at row {r} is outside 0..{classes - 1}.", nameof(targets));
            var z = logits.Slice(r * classes, classes);
            if (grad)
            {
                // dLogits holds log-softmax first, then softmax − onehot.
                var d = dLogits.Slice(r * classes, classes);
                Activations.LogSoftmax(z, d);
                total -= d[y];
                for (int j = 0; j < classes; j++) d[j] = T.Exp(d[j]);
                d[y] -= T.One;
            }
            else
            {
                T lse = LogSumExp(z);
                total += lse - z[y];
            }
            counted++;
        }
        if (counted == 0) return T.Zero;
        if (Reduction == Reduction.Sum) return total;
        T scale = T.One / T.CreateChecked(counted);
        if (grad) System.Numerics.Tensors.TensorPrimitives.Multiply(dLogits[..(rows * classes)], scale, dLogits[..(rows * classes)]);
        return total * scale;
    }

    /// <summary>log Σ_j e^(z_j), computed stably.</summary>
    public static T LogSumExp(ReadOnlySpan<T> z)
    {
        T max = System.Numerics.Tensors.TensorPrimitives.Max(z);
        T sum = T.Zero;
        for (int j = 0; j < z.Length; j++) sum += T.Exp(z[j] - max);
        return max + T.Log(sum);
    }
}
