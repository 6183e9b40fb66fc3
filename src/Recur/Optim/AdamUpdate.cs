using System.Numerics;

namespace Recur.Optim;

/// <summary>
/// One Adam or AdamW step, in the order of PyTorch's single-tensor implementation; s0 = m, s1 = v, s2 = v̂max.
/// </summary>
/// <remarks>
/// <code>
/// p = (1 − lr·λw)·p                                  AdamW only (decoupled decay)
/// g = g + λ·p                                        Adam only (L2)
/// m = β₁·m + (1 − β₁)·g;  v = β₂·v + (1 − β₂)·g·g
/// v̂ = max(v̂max, v) (AMSGrad, stored) or v
/// p = p − (lr / (1 − β₁ᵗ))·m / (√v̂ / √(1 − β₂ᵗ) + ε)
/// </code>
/// </remarks>
internal readonly struct AdamUpdate<T> : IUpdateOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _l2, _decay, _bias2Sqrt, _eps, _negStepSize;
    private readonly bool _useL2, _useDecay, _amsGrad;

    /// <summary>Forms the step's scalars in double, as PyTorch does in Python, then rounds each to T.</summary>
    /// <param name="learningRate">lr.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="epsilon">ε.</param>
    /// <param name="l2">λ added to the gradient (Adam); 0 for none.</param>
    /// <param name="decoupled">λw of the decoupled decay (AdamW); 0 still multiplies by 1, as PyTorch does.</param>
    /// <param name="useDecoupled">True for AdamW.</param>
    /// <param name="amsGrad">Keep the running maximum of v.</param>
    /// <param name="step">t, counting from 1.</param>
    public AdamUpdate(double learningRate, double beta1, double beta2, double epsilon, double l2,
        double decoupled, bool useDecoupled, bool amsGrad, long step)
    {
        double bias1 = 1 - Math.Pow(beta1, step);
        double bias2 = 1 - Math.Pow(beta2, step);
        _beta1 = T.CreateChecked(beta1);
        _oneMinusBeta1 = T.CreateChecked(1 - beta1);
        _beta2 = T.CreateChecked(beta2);
        _oneMinusBeta2 = T.CreateChecked(1 - beta2);
        _l2 = T.CreateChecked(l2);
        _useL2 = l2 != 0;
        _decay = T.CreateChecked(1 - learningRate * decoupled);
        _useDecay = useDecoupled;
        _bias2Sqrt = T.CreateChecked(Math.Sqrt(bias2));
        _eps = T.CreateChecked(epsilon);
        _negStepSize = T.CreateChecked(-(learningRate / bias1));
        _amsGrad = amsGrad;
    }

    public void Invoke(ref T p, T g, ref T m, ref T v, ref T vMax)
    {
        if (_useDecay) p *= _decay;
        if (_useL2) g += _l2 * p;
        m = m * _beta1 + _oneMinusBeta1 * g;
        v = v * _beta2 + _oneMinusBeta2 * g * g;
        if (_amsGrad) vMax = T.Max(vMax, v);
        T denom = T.Sqrt(_amsGrad ? vMax : v) / _bias2Sqrt + _eps;
        p += _negStepSize * m / denom;
    }

    public void Invoke(ref Vector<T> p, Vector<T> g, ref Vector<T> m, ref Vector<T> v, ref Vector<T> vMax)
    {
        if (_useDecay) p *= _decay;
        if (_useL2) g += _l2 * p;
        m = m * _beta1 + _oneMinusBeta1 * g;
        v = v * _beta2 + _oneMinusBeta2 * g * g;
        if (_amsGrad) vMax = Vector.Max(vMax, v);
        Vector<T> denom = Vector.SquareRoot(_amsGrad ? vMax : v) / _bias2Sqrt + new Vector<T>(_eps);
        p += _negStepSize * m / denom;
    }
}
