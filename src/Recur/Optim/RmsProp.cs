using System.Numerics;

namespace Recur.Optim;

/// <summary>RMSprop with optional centring, momentum and weight decay, as <c>torch.optim.RMSprop</c>.</summary>
/// <typeparam name="T">Element type: float for training, double for checks.</typeparam>
/// <remarks>
/// <code>
/// g = g + λ·p
/// s = α·s + (1 − α)·g²
/// a = √(s − ḡ²) + ε with ḡ = α·ḡ + (1 − α)·g (centred), else a = √s + ε
/// b = μ·b + g / a;  p = p − lr·b (momentum), else p = p − lr·g / a
/// </code>
/// State: <c>square_avg</c> (s), <c>momentum_buffer</c> (b) with momentum, <c>grad_avg</c> (ḡ) when centred.
/// </remarks>
public sealed class RmsProp<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _squareAvg, _momentumBuffer, _gradAvg;

    /// <summary>Creates the optimiser and its state for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">Length of the parameter buffer; zero or more.</param>
    /// <param name="options">Hyperparameters; null means the defaults.</param>
    /// <exception cref="ArgumentException">A count or option is out of range (negative or non-finite values).</exception>
    public RmsProp(int parameterCount, RmsPropOptions? options = null)
        : base(parameterCount, (options ??= new RmsPropOptions()).LearningRate)
    {
        OptionChecks.NonNegative(options.Alpha, "RMSprop alpha", nameof(options));
        OptionChecks.NonNegative(options.Epsilon, "RMSprop epsilon", nameof(options));
        OptionChecks.NonNegative(options.WeightDecay, "RMSprop weight decay", nameof(options));
        OptionChecks.NonNegative(options.Momentum, "RMSprop momentum", nameof(options));
        Options = options;
        _squareAvg = AddStateBuffer("square_avg");
        _momentumBuffer = options.Momentum > 0 ? AddStateBuffer("momentum_buffer") : [];
        _gradAvg = options.Centered ? AddStateBuffer("grad_avg") : [];
    }

    /// <summary>The options this optimiser was created with; <see cref="Optimizer{T}.LearningRate"/> may since have changed.</summary>
    public RmsPropOptions Options { get; }

    private protected override void Update(Span<T> values, ReadOnlySpan<T> gradients)
    {
        var op = new RmsPropUpdate(Options, LearningRate);
        UpdateLoop.Run(op, values, gradients, _squareAvg, _momentumBuffer, _gradAvg, ScalarOnly);
    }

    /// <summary>One RMSprop step; s0 = s, s1 = b, s2 = ḡ.</summary>
    private readonly struct RmsPropUpdate : IUpdateOperator<T>
    {
        private readonly T _negLr, _alpha, _oneMinusAlpha, _eps, _weightDecay, _momentum;
        private readonly bool _decay, _useMomentum, _centered;

        public RmsPropUpdate(RmsPropOptions options, double learningRate)
        {
            _negLr = Scalar(-learningRate);
            _alpha = Scalar(options.Alpha);
            _oneMinusAlpha = Scalar(1 - options.Alpha);
            _eps = Scalar(options.Epsilon);
            _weightDecay = Scalar(options.WeightDecay);
            _momentum = Scalar(options.Momentum);
            _decay = options.WeightDecay != 0;
            _useMomentum = options.Momentum > 0;
            _centered = options.Centered;
        }

        public void Invoke(ref T p, T g, ref T s, ref T b, ref T gAvg)
        {
            if (_decay) g += _weightDecay * p;                        // g = g + λ·p
            s = s * _alpha + _oneMinusAlpha * g * g;                 // s = α·s + (1 − α)·g²
            T a;
            if (_centered)
            {
                gAvg = gAvg * _alpha + _oneMinusAlpha * g;           // ḡ = α·ḡ + (1 − α)·g
                a = T.Sqrt(s - gAvg * gAvg) + _eps;
            }
            else
            {
                a = T.Sqrt(s) + _eps;
            }
            if (_useMomentum)
            {
                b = b * _momentum + g / a;
                p += _negLr * b;
            }
            else
            {
                p += _negLr * g / a;
            }
        }

        public void Invoke(ref Vector<T> p, Vector<T> g, ref Vector<T> s, ref Vector<T> b, ref Vector<T> gAvg)
        {
            if (_decay) g += _weightDecay * p;
            s = s * _alpha + _oneMinusAlpha * g * g;
            Vector<T> a;
            if (_centered)
            {
                gAvg = gAvg * _alpha + _oneMinusAlpha * g;
                a = Vector.SquareRoot(s - gAvg * gAvg) + new Vector<T>(_eps);
            }
            else
            {
                a = Vector.SquareRoot(s) + new Vector<T>(_eps);
            }
            if (_useMomentum)
            {
                b = b * _momentum + g / a;
                p += _negLr * b;
            }
            else
            {
                p += _negLr * g / a;
            }
        }
    }
}
