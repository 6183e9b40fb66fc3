using System.Numerics;

namespace Recur.Layers;

/// <summary>
/// All parameters of a model in one contiguous buffer, with gradients in a second buffer of the same layout.
/// Layers reserve named slots at construction; optimisers and checkpoints see one flat array.
/// </summary>
/// <typeparam name="T">Element type: float for training, double for gradient checks.</typeparam>
public sealed class ParameterStore<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<ParameterSlot> _slots = [];
    private readonly Dictionary<string, ParameterSlot> _byName = new(StringComparer.Ordinal);
    private T[] _values = [];
    private T[] _gradients = [];

    /// <summary>Slots in the order they were added (the buffer order).</summary>
    public IReadOnlyList<ParameterSlot> Slots => _slots;

    /// <summary>Total number of scalar parameters.</summary>
    public int Count { get; private set; }

    /// <summary>Every parameter value, in slot order. Length is <see cref="Count"/>.</summary>
    public Span<T> Values => _values.AsSpan(0, Count);

    /// <summary>Every gradient, same layout as <see cref="Values"/>.</summary>
    public Span<T> Gradients => _gradients.AsSpan(0, Count);

    /// <summary>Reserves a zero-initialised tensor.</summary>
    /// <exception cref="ArgumentException">The name is taken or a dimension is not positive.</exception>
    public ParameterSlot Add(string name, params int[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_byName.ContainsKey(name)) throw new ArgumentException($"Parameter '{name}' already exists.", nameof(name));
        if (shape.Length == 0 || shape.Any(d => d <= 0))
            throw new ArgumentException($"Parameter '{name}' needs positive dimensions, got [{string.Join(", ", shape)}].", nameof(shape));
        var slot = new ParameterSlot(name, Count, (int[])shape.Clone());
        int needed = checked(Count + slot.Length);
        if (needed > _values.Length)
        {
            int capacity = Math.Max(needed, _values.Length * 2);
            Array.Resize(ref _values, capacity);
            Array.Resize(ref _gradients, capacity);
        }
        Count = needed;
        _slots.Add(slot);
        _byName.Add(name, slot);
        return slot;
    }

    /// <summary>The slot with this name.</summary>
    /// <exception cref="KeyNotFoundException">No such parameter.</exception>
    public ParameterSlot this[string name] =>
        _byName.TryGetValue(name, out var s) ? s : throw new KeyNotFoundException($"No parameter named '{name}'.");

    /// <summary>True when a parameter of this name exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The values of one tensor.</summary>
    public Span<T> Value(ParameterSlot slot) => _values.AsSpan(slot.Offset, slot.Length);

    /// <summary>The values of one parameter as memory, for readers that keep a reference (a checkpoint being saved).</summary>
    public ReadOnlyMemory<T> ValueMemory(ParameterSlot slot) => _values.AsMemory(slot.Offset, slot.Length);

    /// <summary>The gradient of one tensor.</summary>
    public Span<T> Gradient(ParameterSlot slot) => _gradients.AsSpan(slot.Offset, slot.Length);

    /// <summary>Sets every gradient to zero: called once per training step.</summary>
    public void ZeroGradients() => Gradients.Clear();
}
