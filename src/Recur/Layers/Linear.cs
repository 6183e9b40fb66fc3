using System.Numerics;
using System.Runtime.InteropServices;
using Recur.Cells;
using Recur.Kernels;
using Recur.Training;

namespace Recur.Layers;

/// <summary>
/// An affine map applied to every row (every time step of every sequence), as torch.nn.Linear:
/// <c>{prefix}weight</c> [O, I] and <c>{prefix}bias</c> [O].
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Linear<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // The weight rounded to half precision while HalfPrecisionWeights is on; empty otherwise.
    private Half[] _halfWeight = [];

    /// <summary>Reserves the weights in <paramref name="store"/>.</summary>
    public Linear(ParameterStore<T> store, string prefix, int inputSize, int outputSize, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        Store = store;
        InputSize = inputSize;
        OutputSize = outputSize;
        Weight = store.Add($"{prefix}weight", outputSize, inputSize);
        if (bias) Bias = store.Add($"{prefix}bias", outputSize);
    }

    /// <summary>The store holding the weights.</summary>
    public ParameterStore<T> Store { get; }

    /// <summary>I.</summary>
    public int InputSize { get; }

    /// <summary>O.</summary>
    public int OutputSize { get; }

    /// <summary>W [O, I].</summary>
    public ParameterSlot Weight { get; }

    /// <summary>b [O], or null.</summary>
    public ParameterSlot? Bias { get; }

    /// <summary>PyTorch's initialisation: W and b uniform in ±1/√I.</summary>
    public void Reset(Rng rng)
    {
        double bound = 1.0 / Math.Sqrt(InputSize);
        Initialization.Uniform(Store.Value(Weight), rng, bound);
        if (Bias is not null) Initialization.Uniform(Store.Value(Bias), rng, bound);
    }

    /// <summary>True while Forward reads a half-precision copy of the weight (see <see cref="SetHalfPrecisionWeights"/>).</summary>
    public bool HalfPrecisionWeights => _halfWeight.Length > 0;

    /// <summary>
    /// Turns on or off inference with the weight rounded to half precision (float only): on takes a snapshot of the
    /// current weight, so call it again after it changes. The bias stays in float. Backward throws while it is on.
    /// </summary>
    /// <exception cref="NotSupportedException">The element type is not float.</exception>
    /// <exception cref="ArgumentException">A weight exceeds half precision's range (±65504).</exception>
    public void SetHalfPrecisionWeights(bool enabled)
    {
        if (!enabled)
        {
            _halfWeight = [];
            return;
        }
        if (typeof(T) != typeof(float)) throw new NotSupportedException("Half-precision weights are for float layers.");
        var weight = MemoryMarshal.Cast<T, float>(Store.Value(Weight));
        var half = new Half[weight.Length];
        HalfGemv.ToHalf(weight, half);
        _halfWeight = half;
    }

    // x [N,I];  y = x·Wᵀ + b    [N,O]
    /// <summary>y = x·Wᵀ + b for N rows.</summary>
    public void Forward(int rows, ReadOnlySpan<T> x, Span<T> y)
    {
        if (HalfPrecisionWeights)
        {
            var xs = MemoryMarshal.Cast<T, float>(x);
            var ys = MemoryMarshal.Cast<T, float>(y);
            for (int r = 0; r < rows; r++)
                HalfGemv.Multiply(OutputSize, InputSize, _halfWeight, InputSize, xs.Slice(r * InputSize, InputSize), ys.Slice(r * OutputSize, OutputSize));
        }
        else
        {
            Gemm.MultiplyNT(rows, OutputSize, InputSize, x, InputSize, Store.Value(Weight), InputSize, y, OutputSize);
        }
        if (Bias is null) return;
        var b = Store.Value(Bias);
        for (int r = 0; r < rows; r++)
        {
            var row = y.Slice(r * OutputSize, OutputSize);
            System.Numerics.Tensors.TensorPrimitives.Add(row, b, row);
        }
    }

    // dW += dyᵀ·x;  db += Σ_r dy;  dx = dy·W
    /// <summary>Adds the weight gradients and writes ∂L/∂x (skipped when <paramref name="dx"/> is empty).</summary>
    public void Backward(int rows, ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx)
    {
        if (HalfPrecisionWeights) throw new InvalidOperationException("Backward needs the float weights: turn half-precision weights off to train.");
        Gemm.MultiplyTN(OutputSize, InputSize, rows, dy, OutputSize, x, InputSize, Store.Gradient(Weight), InputSize, accumulate: true);
        if (Bias is not null) RecurrentCell<T>.AddColumnSums(rows, OutputSize, dy, Store.Gradient(Bias));
        if (!dx.IsEmpty) Gemm.MultiplyNN(rows, InputSize, OutputSize, dy, OutputSize, Store.Value(Weight), InputSize, dx, InputSize);
    }
}
