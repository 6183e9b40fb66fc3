using Recur.Layers;
using Recur.Training;

namespace Recur.Diagnostics;

/// <summary>
/// Finite-difference gradient checks in double: every checked element θᵢ is moved by ±h, the loss recomputed, and the
/// numeric gradient (L(θ + h) − L(θ − h)) / 2h compared with the analytic one from the backward pass. Works on a
/// recurrent block (a single layer, or any <see cref="IRecurrentBlock{T}"/> such as a user's own), a whole
/// <see cref="Stacked{T}"/> network, or any trainable model.
/// </summary>
/// <remarks>
/// For a recurrent network the loss is L = Σ y⊙r_y + Σ h_N⊙r_h + Σ c_N⊙r_c with fixed random weights r, so that every
/// output and final state carries gradient; inputs x and initial states h0, c0 are random too, and their gradients are
/// checked as well as every parameter's.
/// </remarks>
public static class GradientCheck
{
    /// <summary>The default step h.</summary>
    public const double DefaultStep = 1e-5;

    /// <summary>The default tolerance on a tensor's relative error ‖a − n‖ / (‖a‖ + ‖n‖).</summary>
    public const double DefaultTolerance = 1e-6;

    /// <summary>
    /// Smallest denominator of an element's relative error: gradients whose magnitudes add up to less are compared
    /// absolutely, so the rounding noise of the difference quotient (about 1e-10) on a gradient that is
    /// nearly zero does not read as a large relative error.
    /// </summary>
    public const double ElementFloor = 1e-4;

    /// <summary>
    /// Checks one tensor: perturbs the elements of <paramref name="values"/> (all, or a seeded sample of
    /// <see cref="GradientCheckOptions.MaxElements"/>) and compares with <paramref name="analytic"/>.
    /// </summary>
    /// <param name="name">Name in the report.</param>
    /// <param name="shape">Shape text in the report.</param>
    /// <param name="values">The tensor; each element is restored after its perturbation.</param>
    /// <param name="analytic">∂L/∂values from the backward pass, same length.</param>
    /// <param name="loss">Recomputes L from the current values; must be deterministic.</param>
    /// <param name="options">Step, sample size and seed.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static TensorCheck Compare(string name, string shape, Span<double> values, ReadOnlySpan<double> analytic, Func<double> loss,
        GradientCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (values.Length != analytic.Length)
            throw new ArgumentException($"{name}: {values.Length} values but {analytic.Length} gradients.", nameof(analytic));
        int[] indices = Sample(values.Length, options.MaxElements, options.Seed ^ Fnv1a(name));
        double h = options.Step, diff = 0, normA = 0, normN = 0, worst = -1, worstA = 0, worstN = 0;
        int worstAt = -1;
        foreach (int i in indices)
        {
            double saved = values[i];
            values[i] = saved + h;
            double plus = loss();
            values[i] = saved - h;
            double minus = loss();
            values[i] = saved;
            double n = (plus - minus) / (2 * h), a = analytic[i], d = a - n;
            diff += d * d; normA += a * a; normN += n * n;
            double relative = Math.Abs(d) / Math.Max(Math.Abs(a) + Math.Abs(n), ElementFloor);
            // NaN compares false, so the first NaN error becomes the worst and stays so.
            if (!double.IsNaN(worst) && !(relative <= worst)) { worst = relative; worstAt = i; worstA = a; worstN = n; }
        }
        double denominator = Math.Sqrt(normA) + Math.Sqrt(normN);
        double norm = denominator == 0 ? Math.Sqrt(diff) : Math.Sqrt(diff) / denominator;
        if (double.IsNaN(worst)) norm = double.NaN;
        return new TensorCheck(name, shape, indices.Length, norm, worst < 0 ? 0 : worst, worstAt, worstA, worstN);
    }

    /// <summary>Checks every parameter of a trainable model on one batch (without dropout).</summary>
    /// <param name="model">The model in double.</param>
    /// <param name="batch">A batch whose loss depends only on the parameters: for a language model, one that does not carry
    /// state over from an earlier pass.</param>
    /// <param name="options">Step, tolerance, sample size and seed; null for the defaults.</param>
    public static GradientCheckReport Check<TBatch>(ITrainable<double, TBatch> model, TBatch batch, GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new GradientCheckOptions();
        options.Validate();
        var store = model.Store;
        model.Forward(batch, null);
        store.ZeroGradients();
        model.Backward();
        double[] analytic = store.Gradients.ToArray();
        double Loss() => model.Forward(batch, null);
        var checks = store.Slots
            .Select(slot => Compare(slot.Name, slot.ShapeText, store.Value(slot), analytic.AsSpan(slot.Offset, slot.Length), Loss, options))
            .ToArray();
        return new GradientCheckReport(checks, options.Tolerance);
    }

    /// <summary>Checks a stacked network: the gradients of x, h0, c0 (LSTM) and every parameter.</summary>
    /// <param name="net">The network in double, with its parameters set.</param>
    /// <param name="input">Steps, batch, lengths and dropout.</param>
    /// <param name="options">Step, tolerance, sample size and seed; null for the defaults.</param>
    public static GradientCheckReport Check(Stacked<double> net, GradientCheckInput input, GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(input);
        input.Validate();
        var problem = new RecurrentProblem(net.Store, input, net.Options.InputSize, net.OutputSize, net.StateLayers, net.Options.HiddenSize,
            net.HasCellState,
            (x, h0, c0, y, hN, cN) => net.Forward(input.Steps, input.Batch, input.Lengths, x, h0, c0, y, hN, cN,
                input.DropoutSeed is ulong s ? new Rng(s) : null),
            (x, dy, dhN, dcN, dx, dh0, dc0) => net.Backward(x, dy, dhN, dcN, dx, dh0, dc0));
        return problem.Run(options ?? new GradientCheckOptions());
    }

    /// <summary>
    /// Checks one recurrent block (a <see cref="RecurrentLayer{T}"/>, a <see cref="Bidirectional{T}"/>, or an
    /// implementation of one's own): the gradients of x, h0, c0 (when <see cref="IRecurrentBlock{T}.HasCellState"/>) and
    /// every parameter in <paramref name="store"/>.
    /// </summary>
    /// <param name="block">The block in double, with its parameters set.</param>
    /// <param name="store">The store that holds the block's parameters (every slot in it is checked).</param>
    /// <param name="input">Steps, batch and lengths (<see cref="GradientCheckInput.DropoutSeed"/> is not used).</param>
    /// <param name="options">Step, tolerance, sample size and seed; null for the defaults.</param>
    public static GradientCheckReport Check(IRecurrentBlock<double> block, ParameterStore<double> store, GradientCheckInput input,
        GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(input);
        input.Validate();
        var problem = new RecurrentProblem(store, input, block.InputSize, block.OutputSize, block.Directions, block.HiddenSize,
            block.HasCellState,
            (x, h0, c0, y, hN, cN) => block.Forward(input.Steps, input.Batch, input.Lengths, x, h0, c0, y, hN, cN, default),
            (x, dy, dhN, dcN, dx, dh0, dc0) => block.Backward(x, dy, dhN, dcN, dx, dh0, dc0));
        return problem.Run(options ?? new GradientCheckOptions());
    }

    /// <summary>The indices to check: all in order, or a sorted seeded sample of <paramref name="max"/> distinct ones.</summary>
    private static int[] Sample(int count, int max, ulong seed)
    {
        var all = Enumerable.Range(0, count).ToArray();
        if (count <= max) return all;
        var rng = new Rng(seed);
        for (int i = 0; i < max; i++)
        {
            int j = i + rng.NextInt(count - i);
            (all[i], all[j]) = (all[j], all[i]);
        }
        var sample = all[..max];
        Array.Sort(sample);
        return sample;
    }

    /// <summary>A hash of the name that is the same in every process (string.GetHashCode is randomised).</summary>
    private static ulong Fnv1a(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in text) hash = (hash ^ c) * 1099511628211UL;
        return hash;
    }

    private delegate void ForwardPass(double[] x, double[] h0, double[] c0, double[] y, double[] hN, double[] cN);

    private delegate void BackwardPass(double[] x, double[] dy, double[] dhN, double[] dcN, double[] dx, double[] dh0, double[] dc0);

    /// <summary>A recurrent network, random inputs and the random linear loss.</summary>
    private sealed class RecurrentProblem
    {
        private readonly ParameterStore<double> _store;
        private readonly ForwardPass _forward;
        private readonly BackwardPass _backward;
        private readonly bool _cellState;
        private readonly string _xShape, _stateShape;
        private readonly double[] _x, _h0, _c0, _ry, _rh, _rc, _y, _hN, _cN;

        public RecurrentProblem(ParameterStore<double> store, GradientCheckInput input, int inputSize, int outputSize, int stateLayers,
            int hiddenSize, bool cellState, ForwardPass forward, BackwardPass backward)
        {
            _store = store;
            _forward = forward;
            _backward = backward;
            _cellState = cellState;
            _xShape = $"[{input.Steps}, {input.Batch}, {inputSize}]";
            _stateShape = $"[{stateLayers}, {input.Batch}, {hiddenSize}]";
            int rows = input.Steps * input.Batch, states = stateLayers * input.Batch * hiddenSize;
            var rng = new Rng(input.Seed);
            _x = Uniform(rng, rows * inputSize, 1.0);
            _h0 = Uniform(rng, states, 0.5);
            _c0 = cellState ? Uniform(rng, states, 0.5) : [];
            _ry = Uniform(rng, rows * outputSize, 1.0);
            _rh = Uniform(rng, states, 1.0);
            _rc = cellState ? Uniform(rng, states, 1.0) : [];
            _y = new double[rows * outputSize];
            _hN = new double[states];
            _cN = cellState ? new double[states] : [];
        }

        public GradientCheckReport Run(GradientCheckOptions options)
        {
            options.Validate();
            Loss();
            _store.ZeroGradients();
            var dx = new double[_x.Length];
            var dh0 = new double[_h0.Length];
            var dc0 = new double[_c0.Length];
            _backward(_x, _ry, _rh, _rc, dx, dh0, dc0);
            double[] analytic = _store.Gradients.ToArray();

            var checks = new List<TensorCheck>
            {
                Compare("x", _xShape, _x, dx, Loss, options),
                Compare("h0", _stateShape, _h0, dh0, Loss, options),
            };
            if (_cellState) checks.Add(Compare("c0", _stateShape, _c0, dc0, Loss, options));
            foreach (var slot in _store.Slots)
                checks.Add(Compare(slot.Name, slot.ShapeText, _store.Value(slot), analytic.AsSpan(slot.Offset, slot.Length), Loss, options));
            return new GradientCheckReport(checks, options.Tolerance);
        }

        private double Loss()
        {
            _forward(_x, _h0, _c0, _y, _hN, _cN);
            double loss = Dot(_y, _ry) + Dot(_hN, _rh);
            if (_cellState) loss += Dot(_cN, _rc);
            return loss;
        }

        private static double Dot(double[] a, double[] b)
        {
            double s = 0;
            for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
            return s;
        }

        private static double[] Uniform(Rng rng, int length, double bound)
        {
            var a = new double[length];
            for (int i = 0; i < a.Length; i++) a[i] = rng.NextUniform(-bound, bound);
            return a;
        }
    }
}
