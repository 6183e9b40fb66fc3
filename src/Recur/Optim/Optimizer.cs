using System.Collections.ObjectModel;
using System.Numerics;
using Recur.Layers;

namespace Recur.Optim;

/// <summary>
/// Base of the optimisers: updates a flat parameter buffer in place from a gradient buffer of the same layout.
/// State buffers (moments, momentum) are allocated once at construction, one element per parameter, so a
/// steady-state <see cref="Step(Span{T}, ReadOnlySpan{T})"/> allocates nothing.
/// </summary>
/// <typeparam name="T">Element type: float for training, double for checks.</typeparam>
/// <remarks>
/// Hyperparameters are <see cref="double"/>, as PyTorch's Python floats are; scalars such as <c>1 − β</c> are
/// formed in double and rounded to <typeparamref name="T"/> once per step, as PyTorch does for float32 tensors.
/// The optimisers in this namespace are the only subclasses.
/// </remarks>
public abstract class Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<(string Name, T[] Buffer)> _state = [];
    private double _learningRate;

    /// <summary>Sets the parameter count and the initial learning rate, taken from the subclass's options.</summary>
    /// <param name="parameterCount">Length of the parameter and gradient buffers; zero or more.</param>
    /// <param name="learningRate">Initial learning rate; finite and zero or more.</param>
    /// <exception cref="ArgumentException">A count or rate is out of range.</exception>
    private protected Optimizer(int parameterCount, double learningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        OptionChecks.NonNegative(learningRate, "The learning rate", "options");
        ParameterCount = parameterCount;
        _learningRate = learningRate;
        StateBuffers = new ReadOnlyCollection<(string Name, T[] Buffer)>(_state);
    }

    /// <summary>Length of the parameter, gradient and state buffers.</summary>
    public int ParameterCount { get; }

    /// <summary>Learning rate used by the next step; a schedule may change it between steps.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value >= 0) || double.IsPositiveInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, "The learning rate must be finite and not negative.");
            _learningRate = value;
        }
    }

    /// <summary>Number of steps taken (PyTorch's <c>state["step"]</c>); the next step is <c>StepCount + 1</c>.</summary>
    public long StepCount { get; private set; }

    /// <summary>
    /// The optimiser's state for a checkpoint: named buffers, each <see cref="ParameterCount"/> long in the
    /// parameter layout (names are PyTorch's state keys, e.g. <c>exp_avg</c>). These are the live buffers;
    /// save them with <see cref="StepCount"/> and restore with <see cref="RestoreState"/>.
    /// </summary>
    public IReadOnlyList<(string Name, T[] Buffer)> StateBuffers { get; }

    /// <summary>Disables the vector path, so tests can compare it with the scalar one.</summary>
    internal bool ScalarOnly { get; set; }

    /// <summary>Applies one update to <paramref name="values"/> in place.</summary>
    /// <param name="values">Parameters, <see cref="ParameterCount"/> long.</param>
    /// <param name="gradients">Gradients in the same layout; not modified (weight decay works on a copy per element).</param>
    /// <exception cref="ArgumentException">A length differs from <see cref="ParameterCount"/> or the spans overlap.</exception>
    public void Step(Span<T> values, ReadOnlySpan<T> gradients)
    {
        if (values.Length != ParameterCount)
            throw new ArgumentException($"Expected {ParameterCount} values, got {values.Length}.", nameof(values));
        if (gradients.Length != ParameterCount)
            throw new ArgumentException($"Expected {ParameterCount} gradients, got {gradients.Length}.", nameof(gradients));
        if (values.Overlaps(gradients))
            throw new ArgumentException("Values and gradients overlap.", nameof(gradients));
        StepCount++;
        Update(values, gradients);
    }

    /// <summary>Applies one update to the store's values from its gradients.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    /// <exception cref="ArgumentException">The store's count differs from <see cref="ParameterCount"/>.</exception>
    public void Step(ParameterStore<T> store)
    {
        ArgumentNullException.ThrowIfNull(store);
        Step(store.Values, store.Gradients);
    }

    /// <summary>
    /// Restores a saved state: copies each buffer into the one of the same name and sets <see cref="StepCount"/>.
    /// Continuing from here gives the same values as an uninterrupted run.
    /// </summary>
    /// <param name="stepCount">The saved <see cref="StepCount"/>; zero or more.</param>
    /// <param name="buffers">The saved <see cref="StateBuffers"/>: the same names in any order, each <see cref="ParameterCount"/> long.</param>
    /// <exception cref="ArgumentException">
    /// The step count is negative, or a name is missing, unknown or repeated, or a length differs.
    /// Nothing is changed in that case.
    /// </exception>
    public void RestoreState(long stepCount, IReadOnlyList<(string Name, T[] Buffer)> buffers)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        ArgumentNullException.ThrowIfNull(buffers);
        if (buffers.Count != _state.Count)
            throw new ArgumentException(
                $"Expected {_state.Count} state buffers ({string.Join(", ", _state.Select(s => s.Name))}), got {buffers.Count}.",
                nameof(buffers));
        var sources = new T[_state.Count][];
        foreach (var (name, buffer) in buffers)
        {
            int index = _state.FindIndex(s => s.Name == name);
            if (index < 0) throw new ArgumentException($"Unknown state buffer '{name}'.", nameof(buffers));
            if (sources[index] is not null) throw new ArgumentException($"State buffer '{name}' appears twice.", nameof(buffers));
            if (buffer is null || buffer.Length != ParameterCount)
                throw new ArgumentException(
                    $"State buffer '{name}' needs {ParameterCount} elements, got {buffer?.Length.ToString() ?? "null"}.", nameof(buffers));
            sources[index] = buffer;
        }
        for (int i = 0; i < _state.Count; i++) sources[i].CopyTo(_state[i].Buffer, 0);
        StepCount = stepCount;
    }

    /// <summary>Reserves a zeroed state buffer of <see cref="ParameterCount"/> elements; called from constructors.</summary>
    /// <param name="name">Checkpoint key, unique within this optimiser.</param>
    private protected T[] AddStateBuffer(string name)
    {
        var buffer = new T[ParameterCount];
        _state.Add((name, buffer));
        return buffer;
    }

    /// <summary>
    /// Updates <paramref name="values"/> in place. Lengths are checked and <see cref="StepCount"/> already
    /// counts this step (1 on the first call).
    /// </summary>
    private protected abstract void Update(Span<T> values, ReadOnlySpan<T> gradients);

    /// <summary>Rounds a hyperparameter, formed in double, to the element type.</summary>
    private protected static T Scalar(double value) => T.CreateChecked(value);
}
