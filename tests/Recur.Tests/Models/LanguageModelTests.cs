using Recur.Cells;
using Recur.Layers;
using Recur.Models;
using Recur.Tests.TestSupport;
using Recur.Training;

namespace Recur.Tests.Models;

public sealed class LanguageModelTests
{
    private const int Vocabulary = 7, Eos = 1;

    private static LanguageModel<double> Model(CellKind cell, int layers = 2, ulong seed = 1)
    {
        var model = new LanguageModel<double>(new LanguageModelOptions(Vocabulary)
        {
            Cell = cell, EmbeddingSize = 4, HiddenSize = 5, NumLayers = layers,
        });
        model.Reset(new Rng(seed));
        return model;
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.GruResetAfter)]
    [InlineData(CellKind.RnnTanh)]
    public void Backward_PaddedBatch_MatchesFiniteDifferences(CellKind cell)
    {
        var model = Model(cell);
        int steps = 4, batch = 2;
        int[] inputs = [1, 1, 3, 4, 5, 1, 2, 1];
        int[] targets = [3, 4, 5, 6, 2, -100, 6, -100];
        int[] lengths = [4, 2];
        double Loss() => model.Forward(steps, batch, inputs, targets, lengths, carryState: false, null);
        Loss();
        model.Store.ZeroGradients();
        model.Backward();
        var analytic = model.Store.Gradients.ToArray();
        var values = model.Store;
        double eps = Tolerances.FiniteDifferenceStep, diff = 0, na = 0, nn = 0;
        for (int i = 0; i < analytic.Length; i++)
        {
            double saved = values.Values[i];
            values.Values[i] = saved + eps; double plus = Loss();
            values.Values[i] = saved - eps; double minus = Loss();
            values.Values[i] = saved;
            double numeric = (plus - minus) / (2 * eps);
            diff += (analytic[i] - numeric) * (analytic[i] - numeric);
            na += analytic[i] * analytic[i];
            nn += numeric * numeric;
        }
        double rel = Math.Sqrt(diff) / (Math.Sqrt(na) + Math.Sqrt(nn));
        Assert.True(rel <= Tolerances.GradientCheck, $"relative error {rel:E3}");
    }

    [Fact]
    public void Score_SentenceLogProbability_EqualsSumOfSeparateLogSoftmaxSteps()
    {
        var model = Model(CellKind.Lstm);
        int[] sentence = [3, 5, 2, 6];
        var scorer = new SequenceScorer<double>(model, Eos);
        double total = scorer.LogProbability(sentence);

        // The same conditionals one step at a time, carrying the state, with an independent log-softmax.
        double expected = 0;
        int[] inputs = [Eos, .. sentence];
        int[] targets = [.. sentence, Eos];
        for (int t = 0; t < inputs.Length; t++)
        {
            model.Forward(1, 1, [inputs[t]], default, default, carryState: t > 0, null);
            var z = model.Logits.ToArray();
            double max = z.Max();
            double lse = max + Math.Log(z.Sum(v => Math.Exp(v - max)));
            expected += z[targets[t]] - lse;
        }
        Assert.Equal(expected, total, 10);
        Assert.True(total < 0);
    }

    [Fact]
    public void Score_DistributionOverAllSequences_SumsToAtMostOne()
    {
        // Σ over every sequence of length ≤ 2 of P(seq <eos>) is a partial sum of a distribution: ≤ 1, and > 0.
        var model = Model(CellKind.Gru, layers: 1);
        var scorer = new SequenceScorer<double>(model, Eos);
        double sum = Math.Exp(scorer.LogProbability([]));
        for (int a = 0; a < Vocabulary; a++)
        {
            if (a == Eos) continue;
            sum += Math.Exp(scorer.LogProbability([a]));
            for (int b = 0; b < Vocabulary; b++)
                if (b != Eos) sum += Math.Exp(scorer.LogProbability([a, b]));
        }
        Assert.InRange(sum, 0.05, 1.0);
    }

    [Fact]
    public void Reset_InitRange_EveryParameterUniformWithinRange()
    {
        var model = new LanguageModel<float>(new LanguageModelOptions(50) { EmbeddingSize = 20, HiddenSize = 30, NumLayers = 2 });
        model.Reset(new Rng(3), 0.1);
        var values = model.Store.Values.ToArray();
        Assert.All(values, v => Assert.InRange(v, -0.1f, 0.1f));
        Assert.True(values.Min() < -0.099f && values.Max() > 0.099f, $"range [{values.Min()}, {values.Max()}]");
        // U(−R, R) has mean 0 and variance R²/3.
        double mean = values.Average(v => (double)v), variance = values.Average(v => ((double)v - mean) * ((double)v - mean));
        Assert.InRange(mean, -0.003, 0.003);
        Assert.InRange(variance, 0.95 * 0.01 / 3, 1.05 * 0.01 / 3);
        foreach (var slot in model.Store.Slots)
            Assert.True(model.Store.Value(slot).ToArray().All(v => Math.Abs(v) <= 0.1f) && model.Store.Value(slot).ToArray().Any(v => v != 0),
                $"{slot.Name} not initialised in range");

        var again = new LanguageModel<float>(model.Options);
        again.Reset(new Rng(3), 0.1);
        Assert.Equal(values, again.Store.Values.ToArray());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Reset_BadInitRange_ThrowsArgument(double range)
    {
        var model = Model(CellKind.Lstm);
        Assert.Throws<ArgumentException>("initRange", () => model.Reset(new Rng(1), range));
        Assert.Throws<ArgumentException>(() => new TrainOptions { InitRange = range }.Validate());
    }

    [Fact]
    public void Generate_SameSeed_SameSequence()
    {
        var model = Model(CellKind.Lstm);
        var generator = new SequenceGenerator<double>(model, new SamplingOptions { Temperature = 1.3 }, Eos);
        var a = generator.Generate([3], 30, new Rng(9), stopAtEos: false).ToArray();
        var b = generator.Generate([3], 30, new Rng(9), stopAtEos: false).ToArray();
        var c = generator.Generate([3], 30, new Rng(10), stopAtEos: false).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void BeamSearch_WidthCoversAllLengthTwoSequences_FindsTheExactBest()
    {
        var model = Model(CellKind.Lstm, layers: 1, seed: 4);
        var scorer = new SequenceScorer<double>(model, Eos);
        // Brute force over every continuation of at most 2 tokens that ends with <eos>, or is cut at 2 tokens.
        var all = new List<(int[] Tokens, double LogP)>();
        all.Add(([], scorer.LogProbability([])));
        for (int a = 0; a < Vocabulary; a++)
        {
            if (a == Eos) continue;
            all.Add(([a], scorer.LogProbability([a])));
            for (int b = 0; b < Vocabulary; b++)
                if (b != Eos) all.Add(([a, b], scorer.LogProbability([a, b], includeEos: false)));
        }
        var best = all.OrderByDescending(s => s.LogP).First();
        var beams = new BeamSearch<double>(model, Eos).Search([], width: Vocabulary * Vocabulary, maxLength: 2);
        Assert.Equal(best.Tokens, beams[0].Tokens);
        Assert.Equal(best.LogP, beams[0].LogProbability, 9);
    }
}
