using System.Numerics;

namespace Recur.Optim;

/// <summary>Stochastic gradient descent with optional momentum, dampening, Nesterov and weight decay, as <c>torch.optim.SGD</c>.</summary>
/// <typeparam name="T">Element type: float for training, double for checks.</typeparam>
/// <remarks>
/// <code>
/// d = g + λ·p
/// b = d on the first step, else μ·b + (1 − τ)·d        (momentum only)
/// d = d + μ·b (Nesterov), else d = b                   (momentum only)
/// p = p − lr·d
/// </code>
/// State: <c>momentum_buffer</c> when <see cref="SgdOptions.Momentum"/> ≠ 0, otherwise none.
/// </remarks>
public sealed class Sgd<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _momentumBuffer;

    /// <summary>Creates the optimiser and its state for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">Length of the parameter buffer; zero or more.</param>
    /// <param name="options">Hyperparameters; null means the defaults.</param>
    /// <exception cref="ArgumentException">
    /// A count or option is out of range (negative or non-finite rates, Nesterov without momentum or with dampening).
    /// </exception>
    public Sgd(int parameterCount, SgdOptions? options = null)
        : base(parameterCount, (options ??= new SgdOptions()).LearningRate)
    {
        OptionChecks.NonNegative(options.Momentum, "SGD momentum", nameof(options));
        OptionChecks.NonNegative(options.WeightDecay, "SGD weight decay", nameof(options));
        if (!double.IsFinite(options.Dampening))
            throw new ArgumentException($"SGD dampening must be finite, got {options.Dampening}.", nameof(options));
        if (options.Nesterov && (options.Momentum <= 0 || options.Dampening != 0))
            throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening.", nameof(options));
        Options = options;
        _momentumBuffer = options.Momentum != 0 ? AddStateBuffer("momentum_buffer") : [];
    }

    /// <summary>The options this optimiser was created with; <see cref="Optimizer{T}.LearningRate"/> may since have changed.</summary>
    public SgdOptions Options { get; }

    private protected override void Update(Span<T> values, ReadOnlySpan<T> gradients)
    {
        var op = new SgdUpdate(Options, LearningRate, firstStep: StepCount == 1);
        UpdateLoop.Run(op, values, gradients, _momentumBuffer, [], [], ScalarOnly);
    }

    /// <summary>One SGD step; s0 is the momentum buffer b.</summary>
    private readonly struct SgdUpdate : IUpdateOperator<T>
    {
        private readonly T _negLr, _weightDecay, _momentum, _oneMinusDampening;
        private readonly bool _decay, _useMomentum, _firstStep, _nesterov;

        public SgdUpdate(SgdOptions options, double learningRate, bool firstStep)
        {
            _negLr = Scalar(-learningRate);
            _weightDecay = Scalar(options.WeightDecay);
            _momentum = Scalar(options.Momentum);
            _oneMinusDampening = Scalar(1 - options.Dampening);
            _decay = options.WeightDecay != 0;
            _useMomentum = options.Momentum != 0;
            _firstStep = firstStep;
            _nesterov = options.Nesterov;
        }

        public void Invoke(ref T p, T g, ref T b, ref T s1, ref T s2)
        {
            T d = _decay ? g + _weightDecay * p : g;                   // d = g + λ·p
            if (_useMomentum)
            {
                b = _firstStep ? d : b * _momentum + _oneMinusDampening * d;   // b = μ·b + (1 − τ)·d
                d = _nesterov ? d + _momentum * b : b;
            }
            p += _negLr * d;                                            // p = p − lr·d
        }

        public void Invoke(ref Vector<T> p, Vector<T> g, ref Vector<T> b, ref Vector<T> s1, ref Vector<T> s2)
        {
            Vector<T> d = _decay ? g + _weightDecay * p : g;
            if (_useMomentum)
            {
                b = _firstStep ? d : b * _momentum + _oneMinusDampening * d;
                d = _nesterov ? d + _momentum * b : b;
            }
            p += _negLr * d;
        }
    }
}
