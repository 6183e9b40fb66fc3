using System.Numerics;
using Recur.Layers;

namespace Recur.Diagnostics;

/// <summary>
/// Captures ∂L/∂h⟨t⟩ of every layer and direction of a <see cref="Stacked{T}"/> network during its next backward passes,
/// through <see cref="RecurrentLayer{T}.HiddenGradientCapture"/>: the whole gradient reaching each hidden state, from the
/// layer above (or the loss) at step t and from the next step of its direction. Disposing detaches the buffers.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class HiddenGradientProbe<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly (int Index, int Direction, RecurrentLayer<T> Recurrent)[] _layers;
    private int _steps, _batch;

    /// <summary>Finds the layers of <paramref name="net"/>; nothing is captured until <see cref="Prepare"/>.</summary>
    public HiddenGradientProbe(Stacked<T> net)
    {
        ArgumentNullException.ThrowIfNull(net);
        Network = net;
        var layers = new List<(int, int, RecurrentLayer<T>)>();
        for (int l = 0; l < net.Layers.Count; l++)
        {
            switch (net.Layers[l])
            {
                case RecurrentLayer<T> one: layers.Add((l, 0, one)); break;
                case Bidirectional<T> bi: layers.Add((l, 0, bi.Forwards)); layers.Add((l, 1, bi.Backwards)); break;
                default: throw new ArgumentException($"Layer {l} is a {net.Layers[l].GetType().Name}, which has no gradient capture.", nameof(net));
            }
        }
        _layers = layers.ToArray();
    }

    /// <summary>The network probed.</summary>
    public Stacked<T> Network { get; }

    /// <summary>The (layer, direction) pairs in order: layer by layer, forward (0) before reverse (1).</summary>
    public IEnumerable<(int Layer, int Direction)> Parts => _layers.Select(p => (p.Index, p.Direction));

    /// <summary>Attaches capture buffers for backward passes of <paramref name="steps"/> × <paramref name="batch"/>.</summary>
    public void Prepare(int steps, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        int needed = steps * batch * Network.Options.HiddenSize;
        foreach (var (_, _, layer) in _layers)
            if (layer.HiddenGradientCapture is not { } buffer || buffer.Length < needed) layer.HiddenGradientCapture = new T[needed];
        _steps = steps;
        _batch = batch;
    }

    /// <summary>∂L/∂h⟨t⟩ of one layer and direction after the last backward pass: [T, B, H] in time order.</summary>
    /// <exception cref="ArgumentException">No such layer or direction.</exception>
    /// <exception cref="InvalidOperationException">Nothing was prepared.</exception>
    public ReadOnlySpan<T> Gradient(int layer, int direction)
    {
        if (_steps == 0) throw new InvalidOperationException("Prepare the probe before reading gradients.");
        foreach (var (l, d, recurrent) in _layers)
            if (l == layer && d == direction) return recurrent.HiddenGradientCapture.AsSpan(0, _steps * _batch * Network.Options.HiddenSize);
        throw new ArgumentException($"The network has no layer {layer} direction {direction}.", nameof(layer));
    }

    /// <summary>‖∂L/∂h⟨t⟩‖₂ of sequence <paramref name="b"/> in one layer and direction, in double.</summary>
    public double Norm(int layer, int direction, int t, int b)
    {
        if ((uint)t >= (uint)_steps || (uint)b >= (uint)_batch) throw new ArgumentOutOfRangeException(nameof(t), $"Step {t} or sequence {b} is outside {_steps} × {_batch}.");
        int h = Network.Options.HiddenSize;
        var g = Gradient(layer, direction).Slice((t * _batch + b) * h, h);
        double sum = 0;
        foreach (T v in g)
        {
            double d = double.CreateChecked(v);
            sum += d * d;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>Detaches the capture buffers, so the layers' backward passes cost nothing extra again.</summary>
    public void Dispose()
    {
        foreach (var (_, _, layer) in _layers) layer.HiddenGradientCapture = null;
    }
}
