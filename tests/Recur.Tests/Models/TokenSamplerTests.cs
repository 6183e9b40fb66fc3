using Recur.Models;
using Recur.Training;

namespace Recur.Tests.Models;

public sealed class TokenSamplerTests
{
    private static readonly float[] s_logits = [2.0f, 1.0f, 0.5f, -1.0f, 3.0f, 0.0f];

    [Fact]
    public void Draw_TopK_NeverDrawsExcludedTokens()
    {
        var sampler = new TokenSampler(new SamplingOptions { TopK = 2 });
        var rng = new Rng(1);
        var seen = new HashSet<int>();
        for (int i = 0; i < 5000; i++) seen.Add(sampler.Draw<float>(s_logits, rng));
        Assert.Equal(new HashSet<int> { 4, 0 }, seen);
    }

    [Fact]
    public void Draw_TopP_KeepsSmallestSetReachingP()
    {
        // Softmax of the logits: token 4 ≈ 0.61, token 0 ≈ 0.22, token 1 ≈ 0.08 …; p = 0.8 keeps {4, 0}.
        var sampler = new TokenSampler(new SamplingOptions { TopP = 0.8 });
        var rng = new Rng(2);
        var seen = new HashSet<int>();
        for (int i = 0; i < 5000; i++) seen.Add(sampler.Draw<float>(s_logits, rng));
        Assert.Equal(new HashSet<int> { 4, 0 }, seen);
        Assert.Equal(1.0, sampler.Probabilities.ToArray().Sum(), 12);
        Assert.Equal(0.0, sampler.Probabilities[3]);
    }

    [Fact]
    public void Draw_Frequencies_FollowTemperatureScaledSoftmax()
    {
        var sampler = new TokenSampler(new SamplingOptions { Temperature = 2.0 });
        var rng = new Rng(3);
        var counts = new int[s_logits.Length];
        const int n = 200_000;
        for (int i = 0; i < n; i++) counts[sampler.Draw<float>(s_logits, rng)]++;
        double[] e = s_logits.Select(z => Math.Exp(z / 2.0)).ToArray();
        double sum = e.Sum();
        for (int i = 0; i < e.Length; i++) Assert.InRange(counts[i] / (double)n, e[i] / sum - 0.005, e[i] / sum + 0.005);
    }

    [Theory]
    [InlineData(0.0, 0, 1.0)]
    [InlineData(1.0, -1, 1.0)]
    [InlineData(1.0, 0, 0.0)]
    [InlineData(1.0, 0, 1.5)]
    public void Constructor_OutOfRangeOptions_Throws(double temperature, int topK, double topP) =>
        Assert.Throws<ArgumentException>(() => new TokenSampler(new SamplingOptions { Temperature = temperature, TopK = topK, TopP = topP }));
}
