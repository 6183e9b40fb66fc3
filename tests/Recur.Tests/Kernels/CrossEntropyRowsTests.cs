using Recur.Kernels;
using Recur.Tests.TestSupport;
using Recur.Training;

namespace Recur.Tests.Kernels;

[Collection(KernelThreadsCollection.Name)]
public class CrossEntropyRowsTests
{
    // float losses and gradients against the double oracle: exp within a few ulp, sums over up to 5000 terms.
    private const double LossRelative = 1e-5, LossAbsolute = 1e-6;
    private const double GradRelative = 1e-5, GradAbsolute = 1e-9;

    [Theory]
    [InlineData(7, 5)]
    [InlineData(33, 17)]
    [InlineData(64, 5000)]
    public void Compute_WithAndWithoutGradient_MatchesReference(int rows, int classes)
    {
        var (logits, targets, scales) = Case(rows, classes, seed: (ulong)(rows * 7 + classes));
        var losses = new float[rows];
        var grads = new float[rows * classes];
        var expectedLosses = new float[rows];
        var expectedGrads = new float[rows * classes];
        CrossEntropyRows.Reference<float>(rows, classes, logits, targets, scales, expectedLosses, expectedGrads);
        CrossEntropyRows.Compute<float>(rows, classes, logits, targets, scales, losses, grads);
        KernelAssert.Close<float>(expectedLosses, losses, expectedLosses, LossRelative, LossAbsolute, "losses");
        KernelAssert.Close<float>(expectedGrads, grads, expectedGrads, GradRelative, GradAbsolute, "gradients");

        var lossesOnly = new float[rows];
        CrossEntropyRows.Compute<float>(rows, classes, logits, targets, scales, lossesOnly, default);
        Assert.Equal(losses, lossesOnly);
    }

    [Fact]
    public void Compute_TwoThreads_SameBitsAsOneThread()
    {
        const int rows = 80, classes = 3001;
        var (logits, targets, scales) = Case(rows, classes, seed: 12);
        int saved = KernelThreads.Count;
        try
        {
            var results = new List<(float[] Losses, float[] Grads)>();
            foreach (int threads in new[] { 1, 2 })
            {
                KernelThreads.Count = threads;
                var losses = new float[rows];
                var grads = new float[rows * classes];
                CrossEntropyRows.Compute<float>(rows, classes, logits, targets, scales, losses, grads);
                results.Add((losses, grads));
            }
            Assert.Equal(results[0].Losses, results[1].Losses);
            Assert.Equal(results[0].Grads, results[1].Grads);
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    [Fact]
    public void Compute_TargetOutOfRange_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            CrossEntropyRows.Compute<float>(2, 3, new float[6], [0, 3], new float[2], new float[2], new float[6]));
        Assert.Contains("row 1", ex.Message);
    }

    // Logits in a wide range (so exponents underflow in some rows), every fourth row skipped, scales 0.1..2.
    private static (float[] Logits, int[] Targets, float[] Scales) Case(int rows, int classes, ulong seed)
    {
        var rng = new Rng(seed);
        var logits = Fill.Uniform<float>(rng, rows * classes, -40, 40);
        var targets = new int[rows];
        var scales = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            targets[r] = r % 4 == 3 ? -1 : rng.NextInt(classes);
            scales[r] = 0.1f + 1.9f * (float)rng.NextDouble();
        }
        return (logits, targets, scales);
    }
}
