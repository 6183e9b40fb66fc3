using Recur.Cells;
using Recur.Models;
using Recur.Tests.TestSupport;
using Recur.Training;

namespace Recur.Tests.Models;

public sealed class Seq2SeqTests
{
    private const int SourceVocabulary = 6, TargetVocabulary = 5, Eos = 1;

    private static Seq2Seq<double> Model(CellKind cell, bool bidirectional, Seq2SeqBridge bridge = Seq2SeqBridge.Linear, int layers = 1,
        bool reverseSource = false, ulong seed = 1)
    {
        var model = new Seq2Seq<double>(new Seq2SeqOptions(SourceVocabulary, TargetVocabulary)
        {
            Cell = cell, EmbeddingSize = 3, HiddenSize = 4, NumLayers = layers, Bidirectional = bidirectional, Bridge = bridge,
            ReverseSource = reverseSource,
        });
        model.Reset(new Rng(seed));
        return model;
    }

    // Three pairs of mixed source and target lengths (one empty target: only <eos> is predicted).
    private static Seq2SeqBatch MixedBatch()
    {
        var batch = new Seq2SeqBatch();
        batch.Fill([[2, 3, 4, 5], [5, 0], [3, 3, 2]], [[2, 4], [3, 0, 4], []]);
        return batch;
    }

    [Theory]
    [InlineData(CellKind.Lstm, false, Seq2SeqBridge.Linear, 1, false)]
    [InlineData(CellKind.Lstm, true, Seq2SeqBridge.Linear, 2, false)]
    [InlineData(CellKind.Lstm, true, Seq2SeqBridge.Sum, 1, true)]
    [InlineData(CellKind.GruResetAfter, true, Seq2SeqBridge.Linear, 1, false)]
    [InlineData(CellKind.Gru, false, Seq2SeqBridge.Linear, 2, true)]
    public void Backward_MixedLengths_MatchesFiniteDifferencesForEveryParameter(CellKind cell, bool bidirectional, Seq2SeqBridge bridge,
        int layers, bool reverseSource)
    {
        var model = Model(cell, bidirectional, bridge, layers, reverseSource);
        var batch = MixedBatch();
        double Loss() => model.Forward(batch, null);
        Loss();
        model.Store.ZeroGradients();
        model.Backward();
        var analytic = model.Store.Gradients.ToArray();
        var values = model.Store.Values;
        double eps = Tolerances.FiniteDifferenceStep, diff = 0, na = 0, nn = 0;
        var numeric = new double[analytic.Length];
        for (int i = 0; i < analytic.Length; i++)
        {
            double saved = values[i];
            values[i] = saved + eps; double plus = Loss();
            values[i] = saved - eps; double minus = Loss();
            values[i] = saved;
            numeric[i] = (plus - minus) / (2 * eps);
            diff += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
            na += analytic[i] * analytic[i];
            nn += numeric[i] * numeric[i];
        }
        double rel = Math.Sqrt(diff) / (Math.Sqrt(na) + Math.Sqrt(nn));
        Assert.True(rel <= Tolerances.GradientCheck, $"relative error {rel:E3}");
        // The loss reaches every encoder and bridge tensor: through the decoder's ∂L/∂s⟨0⟩ into the encoder's ∂L/∂h_N.
        foreach (var slot in model.Store.Slots.Where(s => s.Name.StartsWith("encoder.", StringComparison.Ordinal) || s.Name.StartsWith("bridge.", StringComparison.Ordinal)))
        {
            var g = analytic.AsSpan(slot.Offset, slot.Length).ToArray();
            Assert.True(g.Any(x => Math.Abs(x) > 1e-9), $"{slot.Name} gets no gradient");
            Close.Elementwise(g, numeric.AsSpan(slot.Offset, slot.Length).ToArray(), 1e-4, 1e-8, slot.Name);
        }
        Assert.Equal(bidirectional && bridge == Seq2SeqBridge.Linear, model.Store.Slots.Any(s => s.Name.StartsWith("bridge.", StringComparison.Ordinal)));
    }

    [Fact]
    public void Forward_PaddedPair_EqualsThatPairAlone()
    {
        // Padding neither changes a pair's loss nor its encoder state: the batch's summed loss is the sum of the pairs' own.
        var model = Model(CellKind.Lstm, bidirectional: true, layers: 2);
        var batch = MixedBatch();
        double mean = model.Forward(batch, null);
        double sum = 0;
        int[][] sources = [[2, 3, 4, 5], [5, 0], [3, 3, 2]], targets = [[2, 4], [3, 0, 4], []];
        var single = new Seq2SeqBatch();
        for (int i = 0; i < 3; i++)
        {
            single.Fill([sources[i]], [targets[i]]);
            sum += model.Forward(single, null) * (targets[i].Length + 1);
        }
        Assert.Equal(sum / batch.TargetCount, mean, 12);
    }

    [Fact]
    public void LogProbability_EqualsTeacherForcedLoss()
    {
        var model = Model(CellKind.Gru, bidirectional: true);
        var decoder = new Seq2SeqDecoder<double>(model);
        var batch = new Seq2SeqBatch();
        batch.Fill([[4, 2, 5]], [[3, 2, 2]]);
        double loss = model.Forward(batch, null);
        Assert.Equal(-loss * 4, decoder.LogProbability([4, 2, 5], [3, 2, 2]), 10);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.6)]
    [InlineData(2.0)]
    public void Beam_WideBeam_FindsTheBestOfTheBruteForcedSpace(double alpha)
    {
        // Target tokens {<unk>, 2, 3} and <eos>; outputs of at most 4 tokens: every sequence of k ≤ 3 tokens then <eos>,
        // and the 27 cut off at 4 tokens without one. A beam of 27 keeps every live prefix, so it must find the best.
        const int maxLength = 4;
        var model = new Seq2Seq<double>(new Seq2SeqOptions(SourceVocabulary, 4) { EmbeddingSize = 3, HiddenSize = 5, Bidirectional = true });
        model.Reset(new Rng(5));
        var decoder = new Seq2SeqDecoder<double>(model) { AllowUnknown = true };
        int[] source = [2, 5, 3];
        int[] tokens = [0, 2, 3];
        var space = new List<(int[] Y, bool Finished, double Score)>();
        void Enumerate(List<int> prefix)
        {
            double finished = decoder.LogProbability(source, prefix) / Seq2SeqDecoder<double>.LengthPenalty(prefix.Count + 1, alpha);
            space.Add((prefix.ToArray(), true, finished));
            if (prefix.Count == maxLength - 1)
            {
                foreach (int t in tokens)
                {
                    int[] cut = [.. prefix, t];
                    space.Add((cut, false, decoder.LogProbability(source, cut, withEos: false) / Seq2SeqDecoder<double>.LengthPenalty(maxLength, alpha)));
                }
                return;
            }
            foreach (int t in tokens) Enumerate([.. prefix, t]);
        }
        Enumerate([]);
        Assert.Equal(1 + 3 + 9 + 27 + 81, space.Count);
        var best = space.MaxBy(s => s.Score);

        var found = decoder.Beam(source, 27, alpha, maxLength);
        var top = found[0];
        Assert.Equal(best.Y, top.Tokens.ToArray());
        Assert.Equal(best.Finished, top.Finished);
        Assert.Equal(best.Score, top.Score, 10);
        // Scores are descending, and each is its hypothesis's own log-probability over its length penalty.
        for (int i = 1; i < found.Count; i++) Assert.True(found[i - 1].Score >= found[i].Score);
        foreach (var h in found)
        {
            double logP = decoder.LogProbability(source, h.Tokens, withEos: h.Finished);
            Assert.Equal(logP, h.LogProbability, 10);
            Assert.Equal(logP / Seq2SeqDecoder<double>.LengthPenalty(h.Length, alpha), h.Score, 10);
        }
    }

    [Fact]
    public void Beam_WidthOne_EqualsGreedy()
    {
        var model = Model(CellKind.Lstm, bidirectional: true, layers: 2, seed: 3);
        var decoder = new Seq2SeqDecoder<double>(model);
        int[][] sources = [[2, 3, 4, 5], [5, 0], [3, 3, 2], [4]];
        var greedy = decoder.Greedy(sources, 12, batchSize: 3);
        for (int i = 0; i < sources.Length; i++)
        {
            var beam = decoder.Beam(sources[i], 1, 0, 12)[0];
            Assert.Equal(greedy[i].Tokens.ToArray(), beam.Tokens.ToArray());
            Assert.Equal(greedy[i].LogProbability, beam.LogProbability, 10);
            Assert.Equal(decoder.LogProbability(sources[i], greedy[i].Tokens, greedy[i].Finished), greedy[i].LogProbability, 10);
        }
    }

    [Fact]
    public void Greedy_UnknownNotAllowed_NeverGeneratesUnk()
    {
        // A model whose output bias makes <unk> by far the most probable token at every step.
        var model = Model(CellKind.Lstm, bidirectional: false, seed: 4);
        model.Store.Value(model.Output.Bias!)[0] = 50;
        int[][] sources = [[2, 3], [4, 5, 2]];
        var allowed = new Seq2SeqDecoder<double>(model) { AllowUnknown = true };
        Assert.All(allowed.Greedy(sources, 6), h => Assert.Equal(Enumerable.Repeat(0, 6), h.Tokens));
        var decoder = new Seq2SeqDecoder<double>(model);
        var greedy = decoder.Greedy(sources, 6);
        var beam = decoder.Beam(sources[1], 3, 0.6, 6);
        foreach (var (h, source) in greedy.Zip(sources).Concat(beam.Select(h => (h, sources[1]))))
        {
            Assert.DoesNotContain(0, h.Tokens);
            // Log-probabilities are still those of the full softmax, where <unk> takes almost all the mass.
            Assert.Equal(decoder.LogProbability(source, h.Tokens, h.Finished), h.LogProbability, 9);
            Assert.True(h.LogProbability < -30, $"log P {h.LogProbability}");
        }
    }

    [Theory]
    [InlineData(0, 0.0, 1.0)]
    [InlineData(1, 1.0, 1.0)]
    [InlineData(7, 1.0, 2.0)]
    [InlineData(4, 0.5, 1.224744871391589)]
    public void LengthPenalty_IsGnmtFormula(int length, double alpha, double expected) =>
        Assert.Equal(expected, Seq2SeqDecoder<double>.LengthPenalty(length, alpha), 12);

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Beam_BadAlpha_ThrowsArgument(double alpha)
    {
        var decoder = new Seq2SeqDecoder<double>(Model(CellKind.Lstm, false));
        Assert.Throws<ArgumentException>("alpha", () => decoder.Beam([2], 2, alpha, 5));
    }

    [Fact]
    public void Options_BadValues_ThrowArgument()
    {
        Assert.Throws<ArgumentException>(() => new Seq2SeqOptions(1, 5).Validate());
        Assert.Throws<ArgumentException>(() => new Seq2SeqOptions(5, 5) { HiddenSize = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new Seq2SeqOptions(5, 5) { Dropout = 1 }.Validate());
        Assert.Throws<ArgumentException>(() => new Seq2SeqOptions(5, 5) { Bridge = (Seq2SeqBridge)7 }.Validate());
        var model = Model(CellKind.Lstm, false);
        Assert.Throws<ArgumentException>(() => model.Encode(2, 1, [2, 3], [3], new double[4], new double[4]));
    }

    [Fact]
    public void Train_ReverseDigitStrings_ReachesNinetyFivePercentExactMatch()
    {
        // Sources: 3 to 6 digits (ids 2..11); targets: the same digits reversed. Unseen strings are decoded greedily.
        var rng = new Rng(11);
        (int[], int[]) Pair()
        {
            var x = new int[3 + rng.NextInt(4)];
            for (int i = 0; i < x.Length; i++) x[i] = 2 + rng.NextInt(10);
            return (x, x.Reverse().ToArray());
        }
        var train = Enumerable.Range(0, 3000).Select(_ => Pair()).ToArray();
        var test = Enumerable.Range(0, 300).Select(_ => Pair()).ToArray();
        var model = new Seq2Seq<float>(new Seq2SeqOptions(12, 12) { EmbeddingSize = 16, HiddenSize = 64 });
        model.Reset(new Rng(1));
        var trainer = new Trainer<float, Seq2SeqBatch>(model, new TrainOptions { Epochs = 8, BatchSize = 32, LearningRate = 0.01, Seed = 1 });
        trainer.Train(new Seq2SeqBatchSource(train, 32, seed: 1), null, null, null, CancellationToken.None);
        var decoded = new Seq2SeqDecoder<float>(model).Greedy(test.Select(p => p.Item1).ToArray(), 10);
        int exact = Enumerable.Range(0, test.Length).Count(i => decoded[i].Tokens.SequenceEqual(test[i].Item2));
        Assert.True(exact >= 0.95 * test.Length, $"exact match {exact}/{test.Length}");
    }
}
