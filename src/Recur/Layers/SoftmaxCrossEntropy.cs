using System.Numerics;
using Recur.Kernels;

namespace Recur.Layers;

/// <summary>
/// Softmax cross-entropy per row (per time step), as torch.nn.functional.cross_entropy: loss_r = −log softmax(z_r)[y_r].
/// Rows whose target is <see cref="IgnoreIndex"/> (padding) count for nothing; the mean divides by the rows counted.
/// The gradient is fused: ∂L/∂z_r = softmax(z_r) − onehot(y_r), scaled by 1/count for the mean.
/// With <see cref="ClassWeights"/> w, as PyTorch's <c>weight</c>: L = Σ_r w[y_r]·loss_r / Σ_r w[y_r] (mean) or
/// Σ_r w[y_r]·loss_r (sum), and ∂L/∂z_r is scaled by w[y_r] as well.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class SoftmaxCrossEntropy<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // Per-row targets (−1 when ignored), gradient scales and losses of the last call, reused.
    private int[] _rowTargets = [];
    private T[] _scales = [], _losses = [];

    /// <summary>Target value that marks a row to ignore (PyTorch's default −100).</summary>
    public int IgnoreIndex { get; init; } = -100;

    /// <summary>Mean (default) or sum.</summary>
    public Reduction Reduction { get; init; } = Reduction.Mean;

    /// <summary>
    /// Weight of each class [C], finite and ≥ 0, to count rare classes more (e.g. N / (C·N_c)); empty (default) for 1
    /// each. The weighted mean divides by the sum of the counted rows' weights, as PyTorch.
    /// </summary>
    public ReadOnlyMemory<T> ClassWeights { get; init; }

    /// <summary>Computes the loss, and its gradient when <paramref name="dLogits"/> is not empty.</summary>
    /// <param name="rows">N.</param>
    /// <param name="classes">C.</param>
    /// <param name="logits">[N, C].</param>
    /// <param name="targets">[N] class indices or <see cref="IgnoreIndex"/>.</param>
    /// <param name="dLogits">[N, C] overwritten with ∂L/∂logits (zero on ignored rows), or empty.</param>
    /// <returns>The loss; zero when every row is ignored.</returns>
    /// <exception cref="ArgumentException">A target is out of range, a span is too short, or <see cref="ClassWeights"/> is not [C].</exception>
    public T Compute(int rows, int classes, ReadOnlySpan<T> logits, ReadOnlySpan<int> targets, Span<T> dLogits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if (logits.Length < rows * classes) throw new ArgumentException($"Expected {rows * classes} logits.", nameof(logits));
        if (targets.Length < rows) throw new ArgumentException($"Expected {rows} targets.", nameof(targets));
        bool grad = !dLogits.IsEmpty;
        if (grad && dLogits.Length < rows * classes) throw new ArgumentException($"Expected room for {rows * classes} gradients.", nameof(dLogits));
        var weights = ClassWeights.Span;
        bool weighted = !weights.IsEmpty;
        if (weighted && weights.Length != classes) throw new ArgumentException($"{weights.Length} class weights for {classes} classes.", nameof(ClassWeights));
        // Row weights and the reduction's divisor first, so that the kernel can scale each gradient row once.
        var rowTargets = Grow(ref _rowTargets, rows);
        var scales = Grow(ref _scales, rows);
        var losses = Grow(ref _losses, rows);
        int counted = 0;
        T weightSum = T.Zero;
        for (int r = 0; r < rows; r++)
        {
            int y = targets[r];
            if (y == IgnoreIndex)
            {
                rowTargets[r] = -1;
                scales[r] = T.Zero;
                continue;
            }
            if ((uint)y >= (uint)classes) throw new ArgumentException($"Target {y} at row {r} is outside 0..{classes - 1}.", nameof(targets));
            rowTargets[r] = y;
            scales[r] = weighted ? weights[y] : T.One;
            weightSum += scales[r];
            counted++;
        }
        if (counted == 0)
        {
            if (grad) dLogits[..(rows * classes)].Clear();
            return T.Zero;
        }
        T scale = Reduction == Reduction.Sum ? T.One : T.One / (weighted ? weightSum : T.CreateChecked(counted));
        // loss = scale·Σ_r w_r·loss_r;  ∂L/∂z_r = scale·w_r·(softmax(z_r) − onehot(y_r))
        T total = T.Zero;
        if (grad)
            for (int r = 0; r < rows; r++) scales[r] *= scale;
        CrossEntropyRows.Compute<T>(rows, classes, logits, rowTargets, scales, losses, grad ? dLogits : default);
        for (int r = 0; r < rows; r++)
            if (rowTargets[r] >= 0) total += (weighted ? weights[rowTargets[r]] : T.One) * losses[r];
        return total * scale;
    }

    private static Span<TItem> Grow<TItem>(ref TItem[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new TItem[length];
        return buffer.AsSpan(0, length);
    }
}
