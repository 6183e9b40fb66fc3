using System.Numerics;

namespace Recur.Layers;

/// <summary>
/// Sigmoid binary cross-entropy on every element, as torch.nn.functional.binary_cross_entropy_with_logits:
/// ℓ = −[y·log σ(z) + (1 − y)·log(1 − σ(z))], computed stably as max(z, 0) − z·y + log(1 + e^(−|z|)).
/// One output per class (multi-label, e.g. the pitches of a piano-roll frame). ∂ℓ/∂z = σ(z) − y.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class SigmoidBinaryCrossEntropy<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Mean over all counted elements (default) or sum.</summary>
    public Reduction Reduction { get; init; } = Reduction.Mean;

    /// <summary>Computes the loss, and its gradient when <paramref name="dLogits"/> is not empty.</summary>
    /// <param name="rows">N.</param>
    /// <param name="classes">C.</param>
    /// <param name="logits">[N, C].</param>
    /// <param name="targets">[N, C], each in [0, 1].</param>
    /// <param name="rowMask">[N]: false marks a padding row that counts for nothing; empty counts every row.</param>
    /// <param name="dLogits">[N, C] overwritten with ∂L/∂logits, or empty.</param>
    /// <exception cref="ArgumentException">A target is outside [0, 1] or a span is too short.</exception>
    public T Compute(int rows, int classes, ReadOnlySpan<T> logits, ReadOnlySpan<T> targets, ReadOnlySpan<bool> rowMask, Span<T> dLogits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        int n = rows * classes;
        if (logits.Length < n) throw new ArgumentException($"Expected {n} logits.", nameof(logits));
        if (targets.Length < n) throw new ArgumentException($"Expected {n} targets.", nameof(targets));
        if (!rowMask.IsEmpty && rowMask.Length < rows) throw new ArgumentException($"Expected {rows} mask values.", nameof(rowMask));
        bool grad = !dLogits.IsEmpty;
        if (grad && dLogits.Length < n) throw new ArgumentException($"Expected room for {n} gradients.", nameof(dLogits));
        T total = T.Zero;
        int counted = 0;
        for (int r = 0; r < rows; r++)
        {
            bool include = rowMask.IsEmpty || rowMask[r];
            for (int j = 0; j < classes; j++)
            {
                int i = r * classes + j;
                T y = targets[i];
                if (!(y >= T.Zero && y <= T.One)) throw new ArgumentException($"Target {y} at [{r}, {j}] is outside [0, 1].", nameof(targets));
                if (!include)
                {
                    if (grad) dLogits[i] = T.Zero;
                    continue;
                }
                T z = logits[i];
                total += T.Max(z, T.Zero) - z * y + T.LogP1(T.Exp(-T.Abs(z)));
                if (grad) dLogits[i] = T.One / (T.One + T.Exp(-z)) - y;
            }
            if (include) counted += classes;
        }
        if (counted == 0) return T.Zero;
        if (Reduction == Reduction.Sum) return total;
        T scale = T.One / T.CreateChecked(counted);
        if (grad) System.Numerics.Tensors.TensorPrimitives.Multiply(dLogits[..n], scale, dLogits[..n]);
        return total * scale;
    }
}
