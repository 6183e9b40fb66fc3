using Recur.Layers;

namespace Recur.Tests.Diagnostics;

/// <summary>The mistakes <see cref="BuggyRnnLayer"/> can make in its backward pass.</summary>
public enum InjectedBug
{
    /// <summary>A correct backward pass.</summary>
    None,

    /// <summary>tanh′(a) taken as 1 − h instead of 1 − h²: every gradient is wrong.</summary>
    TanhDerivative,

    /// <summary>The recurrent weight gradient skips the first step (an off-by-one loop): only ∂L/∂W_hh is wrong.</summary>
    RecurrentWeightSkipsFirstStep,
}

/// <summary>
/// A test-only tanh RNN layer written out in plain loops, h⟨t⟩ = tanh(W_ih·x⟨t⟩ + b_ih + W_hh·h⟨t−1⟩ + b_hh), whose
/// backward pass carries an injected bug: the gradient check must catch it and name the tensors it affects.
/// Sequences have all T steps.
/// </summary>
public sealed class BuggyRnnLayer : IRecurrentBlock<double>
{
    private readonly ParameterStore<double> _store;
    private readonly ParameterSlot _wih, _whh, _bih, _bhh;
    private readonly InjectedBug _bug;
    private double[] _h = [];
    private int _steps, _batch;

    public BuggyRnnLayer(ParameterStore<double> store, int inputSize, int hiddenSize, InjectedBug bug)
    {
        _store = store;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        _bug = bug;
        _wih = store.Add("weight_ih_l0", hiddenSize, inputSize);
        _whh = store.Add("weight_hh_l0", hiddenSize, hiddenSize);
        _bih = store.Add("bias_ih_l0", hiddenSize);
        _bhh = store.Add("bias_hh_l0", hiddenSize);
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    public int OutputSize => HiddenSize;

    public int Directions => 1;

    public bool HasCellState => false;

    public void Forward(int steps, int batch, ReadOnlySpan<int> lengths, ReadOnlySpan<double> x, ReadOnlySpan<double> h0, ReadOnlySpan<double> c0,
        Span<double> y, Span<double> hN, Span<double> cN, ReadOnlySpan<double> recurrentMask)
    {
        foreach (int length in lengths) Assert.Equal(steps, length);
        int d = InputSize, n = HiddenSize;
        _steps = steps;
        _batch = batch;
        // _h [(T+1), B, H]: slot 0 is h0, slot t+1 the state after step t.
        _h = new double[(steps + 1) * batch * n];
        if (!h0.IsEmpty) h0[..(batch * n)].CopyTo(_h);
        var wih = _store.Value(_wih); var whh = _store.Value(_whh); var bih = _store.Value(_bih); var bhh = _store.Value(_bhh);
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
                for (int i = 0; i < n; i++)
                {
                    double a = bih[i] + bhh[i];
                    for (int k = 0; k < d; k++) a += wih[i * d + k] * x[(t * batch + b) * d + k];
                    for (int k = 0; k < n; k++) a += whh[i * n + k] * _h[(t * batch + b) * n + k];
                    double h = Math.Tanh(a);
                    _h[((t + 1) * batch + b) * n + i] = h;
                    y[(t * batch + b) * n + i] = h;
                }
        if (!hN.IsEmpty) _h.AsSpan(steps * batch * n, batch * n).CopyTo(hN);
    }

    public void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> dy, ReadOnlySpan<double> dhN, ReadOnlySpan<double> dcN, Span<double> dx,
        Span<double> dh0, Span<double> dc0)
    {
        int d = InputSize, n = HiddenSize, batch = _batch;
        var wih = _store.Value(_wih); var whh = _store.Value(_whh);
        var dwih = _store.Gradient(_wih); var dwhh = _store.Gradient(_whh); var dbih = _store.Gradient(_bih); var dbhh = _store.Gradient(_bhh);
        var dh = new double[batch * n];
        if (!dhN.IsEmpty) dhN[..(batch * n)].CopyTo(dh);
        var da = new double[n];
        for (int t = _steps - 1; t >= 0; t--)
        {
            for (int b = 0; b < batch; b++)
            {
                for (int i = 0; i < n; i++)
                {
                    double h = _h[((t + 1) * batch + b) * n + i];
                    double g = dh[b * n + i] + dy[(t * batch + b) * n + i];
                    da[i] = g * (_bug == InjectedBug.TanhDerivative ? 1 - h : 1 - h * h);
                }
                for (int i = 0; i < n; i++)
                {
                    dbih[i] += da[i];
                    dbhh[i] += da[i];
                    for (int k = 0; k < d; k++) dwih[i * d + k] += da[i] * x[(t * batch + b) * d + k];
                    if (!(t == 0 && _bug == InjectedBug.RecurrentWeightSkipsFirstStep))
                        for (int k = 0; k < n; k++) dwhh[i * n + k] += da[i] * _h[(t * batch + b) * n + k];
                }
                for (int k = 0; k < d; k++)
                {
                    double s = 0;
                    for (int i = 0; i < n; i++) s += wih[i * d + k] * da[i];
                    if (!dx.IsEmpty) dx[(t * batch + b) * d + k] = s;
                }
                for (int k = 0; k < n; k++)
                {
                    double s = 0;
                    for (int i = 0; i < n; i++) s += whh[i * n + k] * da[i];
                    dh[b * n + k] = s;
                }
            }
        }
        if (!dh0.IsEmpty) dh.CopyTo(dh0);
    }
}
