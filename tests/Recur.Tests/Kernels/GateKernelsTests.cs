using System.Numerics;
using Recur.Kernels;
using Recur.Training;

namespace Recur.Tests.Kernels;

/// <summary>Each fused gate kernel's vector path against its scalar path (the reference), at every length
/// 0..3×width+1 and unaligned offsets, in float and double. The scalar path itself is proven by the layers'
/// gradient checks and PyTorch fixtures.</summary>
public sealed class GateKernelsTests
{
    private const double FloatTolerance = 1e-6, DoubleTolerance = 1e-14;

    private delegate void Kernel<T>(int n, T[][] inputs, T[][] outputs);

    public static TheoryData<string> Names() => new(s_kernels.Keys.Order());

    private static readonly Dictionary<string, (int Inputs, int Outputs, Delegate Float, Delegate Double)> s_kernels = new()
    {
        ["LstmCell"] = Make(4, 1, static (int n, float[][] i, float[][] o) => GateKernels.LstmCell<float>(n, i[0], i[1], i[2], i[3], o[0]),
                                         static (int n, double[][] i, double[][] o) => GateKernels.LstmCell<double>(n, i[0], i[1], i[2], i[3], o[0])),
        ["GatedUpdate"] = Make(3, 1, static (int n, float[][] i, float[][] o) => GateKernels.GatedUpdate<float>(n, i[0], i[1], i[2], o[0]),
                                            static (int n, double[][] i, double[][] o) => GateKernels.GatedUpdate<double>(n, i[0], i[1], i[2], o[0])),
        ["MultiplyAdd"] = Make(2, 1, static (int n, float[][] i, float[][] o) => GateKernels.MultiplyAdd<float>(n, i[0], i[1], o[0]),
                                            static (int n, double[][] i, double[][] o) => GateKernels.MultiplyAdd<double>(n, i[0], i[1], o[0])),
        ["Multiply"] = Make(2, 1, static (int n, float[][] i, float[][] o) => GateKernels.Multiply<float>(n, i[0], i[1], o[0]),
                                         static (int n, double[][] i, double[][] o) => GateKernels.Multiply<double>(n, i[0], i[1], o[0])),
        ["TanhBackward"] = Make(2, 1, static (int n, float[][] i, float[][] o) => GateKernels.TanhBackward<float>(n, i[0], i[1], o[0]),
                                             static (int n, double[][] i, double[][] o) => GateKernels.TanhBackward<double>(n, i[0], i[1], o[0])),
        ["ReluBackward"] = Make(2, 1, static (int n, float[][] i, float[][] o) => GateKernels.ReluBackward<float>(n, i[0], i[1], o[0]),
                                             static (int n, double[][] i, double[][] o) => GateKernels.ReluBackward<double>(n, i[0], i[1], o[0])),
        ["GatedUpdateBackward"] = Make(4, 3,
            static (int n, float[][] i, float[][] o) => GateKernels.GatedUpdateBackward<float>(n, i[0], i[1], i[2], i[3], o[0], o[1], o[2]),
            static (int n, double[][] i, double[][] o) => GateKernels.GatedUpdateBackward<double>(n, i[0], i[1], i[2], i[3], o[0], o[1], o[2])),
        ["ResetBeforeBackward"] = Make(3, 2,
            static (int n, float[][] i, float[][] o) => GateKernels.ResetBeforeBackward<float>(n, i[0], i[1], i[2], o[0], o[1]),
            static (int n, double[][] i, double[][] o) => GateKernels.ResetBeforeBackward<double>(n, i[0], i[1], i[2], o[0], o[1])),
        ["ResetAfterBackward"] = Make(3, 2,
            static (int n, float[][] i, float[][] o) => GateKernels.ResetAfterBackward<float>(n, i[0], i[1], i[2], o[0], o[1]),
            static (int n, double[][] i, double[][] o) => GateKernels.ResetAfterBackward<double>(n, i[0], i[1], i[2], o[0], o[1])),
        // Inputs dh, dc, gates (4n), tanh c, c_prev; outputs dGates (4n), dc_prev.
        ["LstmBackward"] = Make(5, 2,
            static (int n, float[][] i, float[][] o) => GateKernels.LstmBackward<float>(n, i[0], i[1], i[2], i[3], i[4], o[0], o[1]),
            static (int n, double[][] i, double[][] o) => GateKernels.LstmBackward<double>(n, i[0], i[1], i[2], i[3], i[4], o[0], o[1])),
        // As LstmBackward, also adding dGates to a running sum (4n).
        ["LstmBackwardSummed"] = Make(5, 3,
            static (int n, float[][] i, float[][] o) => GateKernels.LstmBackward<float>(n, i[0], i[1], i[2], i[3], i[4], o[0], o[1], o[2].AsSpan(0, 4 * n)),
            static (int n, double[][] i, double[][] o) => GateKernels.LstmBackward<double>(n, i[0], i[1], i[2], i[3], i[4], o[0], o[1], o[2].AsSpan(0, 4 * n))),
        // Inputs dh, dc, gates, tanh c, c_prev, c, peephole (3n); outputs dGates, dc_prev, dPeephole (3n, accumulated).
        ["LstmPeepholeBackward"] = Make(7, 3,
            static (int n, float[][] i, float[][] o) => GateKernels.LstmPeepholeBackward<float>(n, i[0], i[1], i[2], i[3], i[4], i[5], i[6], o[0], o[1], o[2]),
            static (int n, double[][] i, double[][] o) => GateKernels.LstmPeepholeBackward<double>(n, i[0], i[1], i[2], i[3], i[4], i[5], i[6], o[0], o[1], o[2])),
    };

    private static (int, int, Delegate, Delegate) Make(int inputs, int outputs, Kernel<float> f, Kernel<double> d) =>
        (inputs, outputs, f, d);

    [Theory]
    [MemberData(nameof(Names))]
    public void VectorPath_EveryLengthAndOffset_EqualsScalarPath(string name)
    {
        var (inputs, outputs, f, d) = s_kernels[name];
        Compare(name, inputs, outputs, (Kernel<float>)f, Vector<float>.Count, FloatTolerance);
        Compare(name, inputs, outputs, (Kernel<double>)d, Vector<double>.Count, DoubleTolerance);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LstmBackward_WithSum_AddsExactlyTheGateGradientsAndChangesNothingElse(bool scalar)
    {
        var rng = new Rng(41);
        const int n = 37;
        var inputs = Enumerable.Range(0, 5).Select(_ => Random<float>(rng, 4 * n)).ToArray();
        var start = Random<float>(rng, 4 * n);
        float[] dGates = new float[4 * n], dcPrev = new float[n], dGatesPlain = new float[4 * n], dcPrevPlain = new float[n];
        var sums = (float[])start.Clone();
        GateKernels.ScalarOnly = scalar;
        try
        {
            GateKernels.LstmBackward<float>(n, inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], dGates, dcPrev, sums);
            GateKernels.LstmBackward<float>(n, inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], dGatesPlain, dcPrevPlain);
        }
        finally
        {
            GateKernels.ScalarOnly = false;
        }
        Assert.Equal(dGatesPlain, dGates);
        Assert.Equal(dcPrevPlain, dcPrev);
        for (int j = 0; j < 4 * n; j++) Assert.Equal(start[j] + dGates[j], sums[j]);
        Assert.Throws<ArgumentException>(() => GateKernels.LstmBackward<float>(n, inputs[0], inputs[1], inputs[2], inputs[3], inputs[4],
            dGates, dcPrev, new float[4 * n - 1]));
    }

    [Fact]
    public void LstmCell_ShortSpan_Throws() =>
        Assert.Throws<ArgumentException>(() => GateKernels.LstmCell<float>(4, new float[4], new float[4], new float[3], new float[4], new float[4]));

    private static void Compare<T>(string name, int inputCount, int outputCount, Kernel<T> kernel, int width, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Rng(17);
        for (int n = 0; n <= 3 * width + 1; n++)
            for (int offset = 0; offset < 3; offset++)
            {
                // Every buffer has room for 4n (gate rows) plus the offset; kernels read what they need.
                T[][] inputs = Enumerable.Range(0, inputCount).Select(_ => Random<T>(rng, 4 * n + offset)).ToArray();
                T[][] start = Enumerable.Range(0, outputCount).Select(_ => Random<T>(rng, 4 * n + offset)).ToArray();
                T[][] Slice(T[][] a) => a.Select(x => x[offset..]).ToArray();
                var vectorOut = Slice(start.Select(x => (T[])x.Clone()).ToArray());
                var scalarOut = Slice(start.Select(x => (T[])x.Clone()).ToArray());
                var ins = Slice(inputs);
                kernel(n, ins, vectorOut);
                GateKernels.ScalarOnly = true;
                try { kernel(n, ins, scalarOut); }
                finally { GateKernels.ScalarOnly = false; }
                for (int k = 0; k < outputCount; k++)
                    for (int j = 0; j < vectorOut[k].Length; j++)
                    {
                        double a = double.CreateChecked(vectorOut[k][j]), e = double.CreateChecked(scalarOut[k][j]);
                        if (Math.Abs(a - e) > tolerance * (1 + Math.Abs(e)))
                            Assert.Fail($"{name}<{typeof(T).Name}> n={n} offset={offset}: output {k}[{j}] vector {a:R} vs scalar {e:R}");
                    }
            }
    }

    private static T[] Random<T>(Rng rng, int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = new T[length];
        for (int i = 0; i < length; i++) a[i] = T.CreateChecked(rng.NextUniform(-1, 1));
        return a;
    }
}
