using Recur.Metrics;

namespace Recur.Tests.Metrics;

public sealed class FrameNllTests
{
    /// <summary>Agreement of two ways of computing the same logarithms.</summary>
    private const double Tight = 1e-12;

    [Fact]
    public void Mean_TinyRollByHand_IsTotalOverPredictedFrames()
    {
        // Three pitches predicted with p = (0.5, 0.25, 0.8) in every frame; the predicted frames are {0, 1}, {} and {1, 2}:
        // −[ln .5 + ln .25 + ln .2] = ln 2 + ln 4 + ln 5 = 3.6888794541139363
        // −[ln .5 + ln .75 + ln .2] = ln 2 + ln 4/3 + ln 5 = 2.5902671654458267
        // −[ln .5 + ln .25 + ln .8] = ln 2 + ln 4 + ln 5/4 = 2.3025850929940455  (= ln 10)
        // mean = 8.5817317125538085 / 3 = 2.8605772375179362
        double[] p = [0.5, 0.25, 0.8];
        var nll = new FrameNll();
        nll.AddProbabilities(p, [1, 1, 0]);
        nll.AddProbabilities(p, [0, 0, 0]);
        nll.AddProbabilities(p, [0, 1, 1]);
        Assert.Equal(3, nll.Frames);
        Assert.Equal(8.5817317125538085, nll.Total, Tight);
        Assert.Equal(2.8605772375179362, nll.Mean, Tight);
    }

    [Fact]
    public void FromLogits_EqualsFromProbabilitiesOfSigmoid()
    {
        double[] z = [-3.5, -0.2, 0, 0.7, 4.1];
        double[] y = [0, 1, 1, 0, 1];
        double[] p = z.Select(v => 1 / (1 + Math.Exp(-v))).ToArray();
        Assert.Equal(FrameNll.FromProbabilities(p, y), FrameNll.FromLogits<double>(z, y), Tight);
        Assert.Equal(FrameNll.FromProbabilities(p, y), FrameNll.FromLogits(z.Select(v => (float)v).ToArray(), y.Select(v => (float)v).ToArray()), 1e-6);
    }

    [Fact]
    public void FromLogits_ExtremeLogits_FiniteAndExact()
    {
        // A confident right answer costs about e^(−|z|); a confident wrong one |z|.
        Assert.Equal(0, FrameNll.FromLogits<double>([1000, -1000], [1, 0]), Tight);
        Assert.Equal(2000, FrameNll.FromLogits<double>([-1000, 1000], [1, 0]), Tight);
        Assert.Equal(Math.Exp(-40), FrameNll.FromLogits<double>([40], [1]), 1e-30);
    }

    [Fact]
    public void Add_BadInput_ThrowsArgument()
    {
        var nll = new FrameNll();
        Assert.True(double.IsNaN(nll.Mean));
        Assert.Throws<ArgumentException>("targets", () => nll.AddLogits<double>([0.1, 0.2], [1]));
        Assert.Throws<ArgumentException>("targets", () => nll.AddLogits<double>([0.1], [0.5]));
        Assert.Throws<ArgumentException>("probabilities", () => nll.AddProbabilities([1.5], [1]));
        Assert.Equal(0, nll.Frames);
        Assert.Equal(double.PositiveInfinity, FrameNll.FromProbabilities([0.0], [1]));
    }
}
