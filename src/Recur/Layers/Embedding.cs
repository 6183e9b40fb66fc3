using System.Numerics;
using Recur.Training;

namespace Recur.Layers;

/// <summary>
/// A lookup table of vectors, as torch.nn.Embedding: <c>{prefix}weight</c> [V, E]. Row <see cref="PaddingIndex"/>, if set,
/// starts at zero and receives no gradient.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Embedding<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Reserves the table in <paramref name="store"/>.</summary>
    /// <exception cref="ArgumentException">A size is not positive or the padding index is out of range.</exception>
    public Embedding(ParameterStore<T> store, string prefix, int count, int dimension, int? paddingIndex = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (paddingIndex is int p && (uint)p >= (uint)count)
            throw new ArgumentException($"Padding index {p} is outside 0..{count - 1}.", nameof(paddingIndex));
        Store = store;
        Count = count;
        Dimension = dimension;
        PaddingIndex = paddingIndex;
        Weight = store.Add($"{prefix}weight", count, dimension);
    }

    /// <summary>The store holding the table.</summary>
    public ParameterStore<T> Store { get; }

    /// <summary>V, the number of rows.</summary>
    public int Count { get; }

    /// <summary>E, the vector width.</summary>
    public int Dimension { get; }

    /// <summary>Row that stays zero and gets no gradient, or null.</summary>
    public int? PaddingIndex { get; }

    /// <summary>The table [V, E].</summary>
    public ParameterSlot Weight { get; }

    /// <summary>PyTorch's initialisation: N(0, 1), the padding row zero.</summary>
    public void Reset(Rng rng)
    {
        var w = Store.Value(Weight);
        for (int i = 0; i < w.Length; i++) w[i] = T.CreateChecked(rng.NextGaussian());
        if (PaddingIndex is int p) w.Slice(p * Dimension, Dimension).Clear();
    }

    /// <summary>y[r] = W[ids[r]].</summary>
    /// <param name="ids">[N] row indices.</param>
    /// <param name="y">[N, E], written.</param>
    /// <exception cref="ArgumentException">An id is out of range or y is too short.</exception>
    public void Forward(ReadOnlySpan<int> ids, Span<T> y)
    {
        int e = Dimension;
        if (y.Length < ids.Length * e) throw new ArgumentException($"Expected room for {ids.Length * e} values.", nameof(y));
        var w = Store.Value(Weight);
        for (int r = 0; r < ids.Length; r++)
        {
            int id = ids[r];
            if ((uint)id >= (uint)Count) throw new ArgumentException($"Id {id} at position {r} is outside 0..{Count - 1}.", nameof(ids));
            w.Slice(id * e, e).CopyTo(y.Slice(r * e, e));
        }
    }

    /// <summary>dW[ids[r]] += dy[r], in order of r, skipping the padding row.</summary>
    /// <param name="ids">[N], as in the forward pass.</param>
    /// <param name="dy">[N, E].</param>
    public void Backward(ReadOnlySpan<int> ids, ReadOnlySpan<T> dy)
    {
        int e = Dimension;
        var dw = Store.Gradient(Weight);
        for (int r = 0; r < ids.Length; r++)
        {
            int id = ids[r];
            if (id == PaddingIndex) continue;
            System.Numerics.Tensors.TensorPrimitives.Add(dw.Slice(id * e, e), dy.Slice(r * e, e), dw.Slice(id * e, e));
        }
    }
}
