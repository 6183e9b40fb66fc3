using System.Numerics;
using System.Numerics.Tensors;
using Recur.Training;

namespace Recur.Layers;

/// <summary>
/// Inverted dropout on a flat tensor (e.g. embeddings or the last recurrent outputs): in training each element is zeroed
/// with probability p and the rest scaled by 1/(1 − p); in inference it is the identity.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Dropout<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _mask = [];
    private int _length;
    private bool _active;

    /// <summary>Creates the layer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 1).</exception>
    public Dropout(double probability)
    {
        if (!(probability >= 0 && probability < 1)) throw new ArgumentOutOfRangeException(nameof(probability), probability, "Dropout must be in [0, 1).");
        Probability = probability;
    }

    /// <summary>p.</summary>
    public double Probability { get; }

    /// <summary>y = x⊙mask (training, <paramref name="rng"/> given) or y = x. x and y may be the same span.</summary>
    public void Forward(ReadOnlySpan<T> x, Span<T> y, Rng? rng)
    {
        _length = x.Length;
        _active = rng is not null && Probability > 0;
        if (!_active)
        {
            x.CopyTo(y);
            return;
        }
        if (_mask.Length < x.Length) _mask = new T[x.Length];
        T keep = T.CreateChecked(1.0 / (1.0 - Probability));
        for (int i = 0; i < x.Length; i++) _mask[i] = rng!.NextDouble() < Probability ? T.Zero : keep;
        TensorPrimitives.Multiply(x, _mask.AsSpan(0, x.Length), y);
    }

    /// <summary>dx = dy⊙mask (or dy). dy and dx may be the same span.</summary>
    public void Backward(ReadOnlySpan<T> dy, Span<T> dx)
    {
        if (dy.Length != _length) throw new ArgumentException($"Expected {_length} gradients, got {dy.Length}.", nameof(dy));
        if (_active) TensorPrimitives.Multiply(dy, _mask.AsSpan(0, _length), dx);
        else dy.CopyTo(dx);
    }
}
