using Recur.Kernels;
using Recur.Tests.TestSupport;
using Recur.Training;

namespace Recur.Tests.Kernels;

/// <summary>The fused LSTM step of <see cref="GateKernels.LstmForward"/> against the equations in double.</summary>
public class LstmForwardKernelTests
{
    // Gates and states are O(1); a few float roundings on top of 4-ulp activations.
    private const double Absolute = 1e-6;

    [Fact]
    public void LstmForward_FloatEveryLength_MatchesDoubleEquationsOnVectorAndScalarPaths()
    {
        var rng = new Rng(17);
        foreach (bool scalar in new[] { false, true })
        {
            GateKernels.ScalarOnly = scalar;
            try
            {
                foreach (int n in Enumerable.Range(1, 40).Concat([64, 100, 256]))
                    foreach (bool bias in new[] { true, false })
                        CheckAgainstDouble(rng, n, bias, $"scalar={scalar} n={n} bias={bias}");
            }
            finally
            {
                GateKernels.ScalarOnly = false;
            }
        }
    }

    [Fact]
    public void LstmForward_Float_VectorPathBitIdenticalToScalarPath()
    {
        var rng = new Rng(23);
        const int n = 77;
        var a = Fill.Uniform<float>(rng, 4 * n, -9, 9);
        var bias = Fill.Uniform<float>(rng, 4 * n);
        var cPrev = Fill.Uniform<float>(rng, n, -3, 3);
        var vector = Run(a, bias, cPrev, n, scalar: false);
        var scalarOnly = Run(a, bias, cPrev, n, scalar: true);
        for (int k = 0; k < vector.Length; k++) Assert.True(vector[k].AsSpan().SequenceEqual(scalarOnly[k]), $"output {k}");
    }

    [Fact]
    public void LstmForward_Double_EqualsThePassByPassEquations()
    {
        var rng = new Rng(29);
        const int n = 21;
        var a = Fill.Uniform<double>(rng, 4 * n, -5, 5);
        var bias = Fill.Uniform<double>(rng, 4 * n);
        var cPrev = Fill.Uniform<double>(rng, n, -2, 2);
        double[] c = new double[n], tc = new double[n], h = new double[n], gates = (double[])a.Clone();
        GateKernels.LstmForward<double>(n, gates, bias, cPrev, c, tc, h);
        for (int j = 0; j < n; j++)
        {
            double i = Sigmoid(a[j] + bias[j]), f = Sigmoid(a[n + j] + bias[n + j]);
            double g = Math.Tanh(a[2 * n + j] + bias[2 * n + j]), o = Sigmoid(a[3 * n + j] + bias[3 * n + j]);
            double cj = f * cPrev[j] + i * g;
            Assert.Equal(i, gates[j], 1e-15);
            Assert.Equal(f, gates[n + j], 1e-15);
            Assert.Equal(g, gates[2 * n + j], 1e-15);
            Assert.Equal(o, gates[3 * n + j], 1e-15);
            Assert.Equal(cj, c[j], 1e-14);
            Assert.Equal(Math.Tanh(cj), tc[j], 1e-14);
            Assert.Equal(o * Math.Tanh(cj), h[j], 1e-14);
        }
    }

    [Fact]
    public void LstmForward_NaNPreActivation_ReachesStateAndOutput()
    {
        const int n = 19;
        var a = new float[4 * n];
        a[3] = float.NaN;
        a[n + 18] = float.NaN;
        var outputs = Run(a, [], new float[n], n, scalar: false);
        Assert.True(float.IsNaN(outputs[1][3]) && float.IsNaN(outputs[3][3]), "NaN input gate at a vector lane");
        Assert.True(float.IsNaN(outputs[1][18]) && float.IsNaN(outputs[3][18]), "NaN forget gate in the tail");
        Assert.False(float.IsNaN(outputs[3][4]));
    }

    [Fact]
    public void LstmForward_ShortSpan_Throws()
    {
        Assert.Throws<ArgumentException>(() => GateKernels.LstmForward<float>(4, new float[15], default, new float[4], new float[4], new float[4], new float[4]));
        Assert.Throws<ArgumentException>(() => GateKernels.LstmForward<float>(4, new float[16], new float[8], new float[4], new float[4], new float[4], new float[4]));
    }

    private static void CheckAgainstDouble(Rng rng, int n, bool bias, string label)
    {
        var a = Fill.Uniform<float>(rng, 4 * n, -8, 8);
        var b = bias ? Fill.Uniform<float>(rng, 4 * n) : [];
        var cPrev = Fill.Uniform<float>(rng, n, -3, 3);
        var outputs = Run(a, b, cPrev, n, GateKernels.ScalarOnly);
        for (int j = 0; j < n; j++)
        {
            double Pre(int gate) => (double)(a[gate * n + j] + (bias ? b[gate * n + j] : 0f));
            double i = Sigmoid(Pre(0)), f = Sigmoid(Pre(1)), g = Math.Tanh(Pre(2)), o = Sigmoid(Pre(3));
            double c = f * cPrev[j] + i * g;
            Assert.True(Math.Abs(outputs[0][j] - i) <= Absolute, $"{label} i[{j}]");
            Assert.True(Math.Abs(outputs[0][n + j] - f) <= Absolute, $"{label} f[{j}]");
            Assert.True(Math.Abs(outputs[0][2 * n + j] - g) <= Absolute, $"{label} g[{j}]");
            Assert.True(Math.Abs(outputs[0][3 * n + j] - o) <= Absolute, $"{label} o[{j}]");
            Assert.True(Math.Abs(outputs[1][j] - c) <= 4 * Absolute, $"{label} c[{j}]");
            Assert.True(Math.Abs(outputs[2][j] - Math.Tanh(c)) <= 4 * Absolute, $"{label} tanh c[{j}]");
            Assert.True(Math.Abs(outputs[3][j] - o * Math.Tanh(c)) <= 4 * Absolute, $"{label} h[{j}]");
        }
    }

    // Returns gates, c, tanh c, h.
    private static float[][] Run(float[] a, float[] bias, float[] cPrev, int n, bool scalar)
    {
        bool saved = GateKernels.ScalarOnly;
        GateKernels.ScalarOnly = scalar;
        try
        {
            var gates = (float[])a.Clone();
            float[] c = new float[n], tc = new float[n], h = new float[n];
            GateKernels.LstmForward<float>(n, gates, bias, cPrev, c, tc, h);
            return [gates, c, tc, h];
        }
        finally
        {
            GateKernels.ScalarOnly = saved;
        }
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
