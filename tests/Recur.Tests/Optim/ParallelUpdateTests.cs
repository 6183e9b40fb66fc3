using Recur.Kernels;
using Recur.Optim;
using Recur.Tests.Kernels;
using Recur.Training;

namespace Recur.Tests.Optim;

/// <summary>
/// Large parameter sets are updated in slices on the kernel threads: the values and every state buffer after a few steps
/// must be bit-identical to one thread's, at sizes that leave a vector tail and a scalar tail.
/// </summary>
[Collection(KernelThreadsCollection.Name)]
public sealed class ParallelUpdateTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in new[] { "adam", "adamw", "sgd", "rmsprop" })
            foreach (int n in new[] { 65_536, 200_003, 1_000_001 })
                data.Add(name, n);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Step_TwoAndThreeThreads_BitIdenticalToOne(string name, int n)
    {
        var (serialValues, serialState) = Run(name, n, threads: 1);
        foreach (int threads in new[] { 2, 3 })
        {
            var (values, state) = Run(name, n, threads);
            Assert.True(values.AsSpan().SequenceEqual(serialValues), $"{name} n={n} threads={threads}: values differ");
            for (int s = 0; s < state.Length; s++)
                Assert.True(state[s].AsSpan().SequenceEqual(serialState[s]), $"{name} n={n} threads={threads}: state {s} differs");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ScaleToMaxNorm_LargeBuffer_EveryElementTheSameProductAsOneMultiply(int threads)
    {
        int saved = KernelThreads.Count;
        KernelThreads.Count = threads;
        try
        {
            var rng = new Rng(9);
            var gradients = new float[300_007];
            for (int i = 0; i < gradients.Length; i++) gradients[i] = (float)rng.NextUniform(-1, 1);
            double norm = GradientClipping.GlobalNormDouble<float>(gradients, scalarOnly: false);
            var expected = new float[gradients.Length];
            float scale = (float)(5.0 / (norm + GradientClipping.NormEpsilon));
            System.Numerics.Tensors.TensorPrimitives.Multiply(gradients, scale, expected);

            Assert.True(GradientClipping.ScaleToMaxNorm<float>(gradients, 5.0, norm));
            Assert.Equal(expected, gradients);
            // Below the limit nothing changes.
            Assert.False(GradientClipping.ScaleToMaxNorm<float>(gradients, 1e9, norm));
            Assert.Equal(expected, gradients);
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    private static (float[] Values, float[][] State) Run(string name, int n, int threads)
    {
        int saved = KernelThreads.Count;
        KernelThreads.Count = threads;
        try
        {
            Optimizer<float> optimizer = name switch
            {
                "adam" => new Adam<float>(n, new AdamOptions { LearningRate = 1e-2 }),
                "adamw" => new AdamW<float>(n, new AdamWOptions { LearningRate = 1e-2, WeightDecay = 0.1 }),
                "sgd" => new Sgd<float>(n, new SgdOptions { LearningRate = 0.5, Momentum = 0.9 }),
                _ => new RmsProp<float>(n, new RmsPropOptions { LearningRate = 1e-2, Momentum = 0.5 }),
            };
            var rng = new Rng(3);
            var values = new float[n];
            for (int i = 0; i < n; i++) values[i] = (float)rng.NextUniform(-1, 1);
            var gradients = new float[n];
            for (int step = 0; step < 3; step++)
            {
                for (int i = 0; i < n; i++) gradients[i] = (float)rng.NextUniform(-1, 1);
                optimizer.Step(values, gradients);
            }
            var state = optimizer.StateBuffers.Select(b => b.Buffer.ToArray()).ToArray();
            Assert.NotEmpty(state);
            return (values, state);
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }
}
