using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Recur.Kernels;

/// <summary>
/// Softmax cross-entropy of independent rows, with the gradient fused: for row r with target y_r ≥ 0,
/// loss_r = log Σ_j e^(z_rj) − z_ry and ∂/∂z_r = s_r·(softmax(z_r) − onehot(y_r)); rows with y_r &lt; 0 get loss 0 and a
/// zero gradient. Each row exponentiates once. Large inputs are split by rows across <see cref="KernelThreads"/>;
/// a row's result does not depend on which thread computes it.
/// </summary>
public static class CrossEntropyRows
{
    // Below this many logits the rows stay on the calling thread (about what a hand-off costs).
    private const long ParallelMinElements = 1L << 16;

    /// <summary>Computes the per-row losses and, when <paramref name="dLogits"/> is not empty, the scaled gradients.</summary>
    /// <param name="rows">N.</param>
    /// <param name="classes">C ≥ 1.</param>
    /// <param name="logits">[N, C].</param>
    /// <param name="targets">[N] class indices in 0..C−1, or negative to skip the row.</param>
    /// <param name="gradientScale">[N] the factor s_r of each row's gradient (ignored without a gradient).</param>
    /// <param name="losses">[N] receives loss_r (0 for skipped rows).</param>
    /// <param name="dLogits">[N, C] overwritten with the gradients, or empty.</param>
    /// <exception cref="ArgumentException">A span is too short or a target is ≥ C.</exception>
    public static unsafe void Compute<T>(int rows, int classes, ReadOnlySpan<T> logits, ReadOnlySpan<int> targets,
        ReadOnlySpan<T> gradientScale, Span<T> losses, Span<T> dLogits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        long total = (long)rows * classes;
        if (logits.Length < total) throw new ArgumentException($"Expected {total} logits.", nameof(logits));
        if (targets.Length < rows) throw new ArgumentException($"Expected {rows} targets.", nameof(targets));
        if (losses.Length < rows) throw new ArgumentException($"Expected room for {rows} losses.", nameof(losses));
        bool grad = !dLogits.IsEmpty;
        if (grad && dLogits.Length < total) throw new ArgumentException($"Expected room for {total} gradients.", nameof(dLogits));
        if (grad && gradientScale.Length < rows) throw new ArgumentException($"Expected {rows} gradient scales.", nameof(gradientScale));
        for (int r = 0; r < rows; r++)
            if (targets[r] >= classes) throw new ArgumentException($"Target {targets[r]} at row {r} is outside 0..{classes - 1}.", nameof(targets));
        if (rows == 0) return;

        int parts = KernelThreads.Count > 1 && total >= ParallelMinElements ? Math.Min(rows, KernelThreads.Count * 4) : 1;
        if (parts == 1)
        {
            Range(0, rows, classes, logits, targets, gradientScale, losses, dLogits);
            return;
        }
        fixed (T* z = logits)
        fixed (int* y = targets)
        fixed (T* s = gradientScale)
        fixed (T* l = losses)
        fixed (T* d = dLogits)
        {
            var job = Job<T>.ForCurrentThread();
            job.Set(rows, classes, parts, z, y, grad ? s : null, l, grad ? d : null);
            try
            {
                KernelThreads.Run(job, parts);
            }
            finally
            {
                job.Clear();
            }
        }
    }

    /// <summary>Scalar oracle of <see cref="Compute"/>, one element at a time in double.</summary>
    public static void Reference<T>(int rows, int classes, ReadOnlySpan<T> logits, ReadOnlySpan<int> targets,
        ReadOnlySpan<T> gradientScale, Span<T> losses, Span<T> dLogits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var z = logits.Slice(r * classes, classes);
            int y = targets[r];
            if (y < 0)
            {
                losses[r] = T.Zero;
                if (!dLogits.IsEmpty) dLogits.Slice(r * classes, classes).Clear();
                continue;
            }
            double max = double.NegativeInfinity, sum = 0;
            for (int j = 0; j < classes; j++) max = Math.Max(max, double.CreateChecked(z[j]));
            for (int j = 0; j < classes; j++) sum += Math.Exp(double.CreateChecked(z[j]) - max);
            losses[r] = T.CreateChecked(max + Math.Log(sum) - double.CreateChecked(z[y]));
            if (dLogits.IsEmpty) continue;
            double s = double.CreateChecked(gradientScale[r]);
            for (int j = 0; j < classes; j++)
            {
                double p = Math.Exp(double.CreateChecked(z[j]) - max) / sum;
                dLogits[r * classes + j] = T.CreateChecked(s * (p - (j == y ? 1 : 0)));
            }
        }
    }

    // Rows [r0, r1) on this thread. With a gradient, the row of dLogits holds e^(z − max) and is then scaled;
    // without one, a per-thread scratch row does.
    private static void Range<T>(int r0, int r1, int classes, ReadOnlySpan<T> logits, ReadOnlySpan<int> targets,
        ReadOnlySpan<T> gradientScale, Span<T> losses, Span<T> dLogits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool grad = !dLogits.IsEmpty;
        for (int r = r0; r < r1; r++)
        {
            int y = targets[r];
            if (y < 0)
            {
                losses[r] = T.Zero;
                if (grad) dLogits.Slice(r * classes, classes).Clear();
                continue;
            }
            var z = logits.Slice(r * classes, classes);
            var e = grad ? dLogits.Slice(r * classes, classes) : Scratch<T>.Row(classes);
            T max = TensorPrimitives.Max(z);
            // Σ e^(z − max) ≥ 1, so the log is finite even when every other term underflows.
            T sum = ShiftedExp.Compute(z, max, e);
            losses[r] = max + T.Log(sum) - z[y];
            if (!grad) continue;
            T s = gradientScale[r];
            TensorPrimitives.Multiply(e, s / sum, e);
            e[y] -= s;
        }
    }

    private static class Scratch<T> where T : unmanaged
    {
        [ThreadStatic] private static T[]? t_row;

        public static Span<T> Row(int length)
        {
            if (t_row is null || t_row.Length < length) t_row = new T[length];
            return t_row.AsSpan(0, length);
        }
    }

    // One call split into contiguous row ranges. One instance per calling thread is reused, so a parallel call
    // allocates nothing; the operands are pinned by the caller until Run returns.
    private sealed unsafe class Job<T> : KernelThreads.Work where T : unmanaged, IFloatingPointIeee754<T>
    {
        [ThreadStatic] private static Job<T>? t_instance;

        private int _rows, _classes, _parts;
        private T* _logits, _scale, _losses, _dLogits;
        private int* _targets;

        public static Job<T> ForCurrentThread() => t_instance ??= new Job<T>();

        public void Set(int rows, int classes, int parts, T* logits, int* targets, T* scale, T* losses, T* dLogits)
        {
            (_rows, _classes, _parts) = (rows, classes, parts);
            _logits = logits;
            _targets = targets;
            _scale = scale;
            _losses = losses;
            _dLogits = dLogits;
        }

        public void Clear()
        {
            _logits = null;
            _targets = null;
            _scale = null;
            _losses = null;
            _dLogits = null;
        }

        public override void Execute(int part)
        {
            int r0 = (int)((long)_rows * part / _parts), r1 = (int)((long)_rows * (part + 1) / _parts);
            long n = (long)_rows * _classes;
            Range(r0, r1, _classes, new ReadOnlySpan<T>(_logits, checked((int)n)), new ReadOnlySpan<int>(_targets, _rows),
                _scale is null ? default : new ReadOnlySpan<T>(_scale, _rows), new Span<T>(_losses, _rows),
                _dLogits is null ? default : new Span<T>(_dLogits, checked((int)n)));
        }
    }
}
