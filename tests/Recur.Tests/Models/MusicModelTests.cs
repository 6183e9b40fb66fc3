using Recur.Cells;
using Recur.Models;
using Recur.Tests.TestSupport;
using Recur.Training;

namespace Recur.Tests.Models;

public sealed class MusicModelTests
{
    private const int Lowest = 60, Pitches = 5;

    internal static MusicModel<double> Model(CellKind cell, int layers = 1, double dropout = 0, ulong seed = 1)
    {
        var model = new MusicModel<double>(new MusicModelOptions
        {
            LowestPitch = Lowest, PitchCount = Pitches, Cell = cell, HiddenSize = 4, NumLayers = layers, Dropout = dropout, RecurrentDropout = dropout,
        });
        model.Reset(new Rng(seed));
        return model;
    }

    /// <summary>Random rolls over pitches 60–64 of the given lengths.</summary>
    internal static PianoRoll[] RandomRolls(ulong seed, params int[] lengths)
    {
        var rng = new Rng(seed);
        return lengths.Select(n => new PianoRoll(Enumerable.Range(0, n)
            .Select(_ => Enumerable.Range(Lowest, Pitches).Where(_ => rng.NextDouble() < 0.4).ToArray()))).ToArray();
    }

    [Theory]
    [InlineData(CellKind.Gru, 1, 0.0)]
    [InlineData(CellKind.Lstm, 1, 0.0)]
    [InlineData(CellKind.GruResetAfter, 2, 0.0)]
    [InlineData(CellKind.Lstm, 2, 0.3)]
    public void Backward_MixedLengthBatch_MatchesFiniteDifferences(CellKind cell, int layers, double dropout)
    {
        var model = Model(cell, layers, dropout);
        var source = new MusicBatchSource(RandomRolls(3, 5, 3, 2), 3, Lowest, Pitches, seed: null);
        var batch = new PianoRollBatch();
        source.StartEpoch(0);
        Assert.True(source.Next(batch));
        Assert.Equal([1, 2, 4], batch.LengthSpan.ToArray());
        // A fresh generator per pass draws the same dropout masks every time.
        double Loss() => model.Forward(batch, dropout > 0 ? new Rng(7) : null);
        Loss();
        model.Store.ZeroGradients();
        model.Backward();
        var analytic = model.Store.Gradients.ToArray();
        var values = model.Store.Values;
        double eps = Tolerances.FiniteDifferenceStep, diff = 0, na = 0, nn = 0;
        int worst = -1; double worstError = -1;
        for (int i = 0; i < analytic.Length; i++)
        {
            double saved = values[i];
            values[i] = saved + eps; double plus = Loss();
            values[i] = saved - eps; double minus = Loss();
            values[i] = saved;
            double numeric = (plus - minus) / (2 * eps);
            double d = analytic[i] - numeric;
            if (Math.Abs(d) > worstError) { worstError = Math.Abs(d); worst = i; }
            diff += d * d; na += analytic[i] * analytic[i]; nn += numeric * numeric;
        }
        double rel = Math.Sqrt(diff) / (Math.Sqrt(na) + Math.Sqrt(nn));
        Assert.True(rel <= Tolerances.GradientCheck, $"relative error {rel:E3}; worst |diff| {worstError:E3} at parameter {worst}");
    }

    [Fact]
    public void Forward_Loss_IsMeanFrameNllOverPredictedFramesOnly()
    {
        var model = Model(CellKind.Gru);
        var rolls = RandomRolls(4, 6, 2, 4);
        var source = new MusicBatchSource(rolls, 3, Lowest, Pitches, seed: null);
        var batch = new PianoRollBatch();
        source.StartEpoch(0);
        source.Next(batch);
        double loss = model.Forward(batch, null);
        // Each sequence alone, frames 1…T−1 in, its NLL summed by hand from the logits.
        double total = 0; int frames = 0;
        foreach (var roll in rolls)
        {
            int steps = roll.FrameCount - 1;
            var input = new double[steps * Pitches];
            for (int t = 0; t < steps; t++)
                foreach (int p in roll.Frame(t)) input[t * Pitches + p - Lowest] = 1;
            model.Forward(steps, 1, input, default, default, carryState: false, null);
            for (int t = 0; t < steps; t++)
                for (int k = 0; k < Pitches; k++)
                {
                    double z = model.Logits[t * Pitches + k], prob = 1 / (1 + Math.Exp(-z));
                    total -= roll.Contains(t + 1, Lowest + k) ? Math.Log(prob) : Math.Log(1 - prob);
                }
            frames += steps;
        }
        Assert.Equal(9, model.CountItems(batch));
        Assert.Equal(total / frames, loss, 1e-12);
    }

    [Fact]
    public void TrainStep_WarmedUp_AllocatesNothing()
    {
        var model = new MusicModel<float>(new MusicModelOptions { LowestPitch = 60, PitchCount = 5, Cell = CellKind.Lstm, HiddenSize = 8, NumLayers = 2, Dropout = 0.2, RecurrentDropout = 0.2 });
        model.Reset(new Rng(1));
        var source = new MusicBatchSource(RandomRolls(6, 9, 4, 7, 2, 5), 3, 60, 5, seed: 1);
        var batch = new PianoRollBatch();
        var rng = new Rng(2);
        // Batches of every shape once, then again: the second round (batching included) allocates nothing.
        for (int round = 0; round < 2; round++)
        {
            source.StartEpoch(round);
            long before = GC.GetAllocatedBytesForCurrentThread();
            while (source.Next(batch))
            {
                model.Forward(batch, rng);
                model.Store.ZeroGradients();
                model.Backward();
            }
            if (round == 1) Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public void Options_DefaultPianoRangeAndChungSizes_AboutTwentyThousandParameters()
    {
        var gru = new MusicModel<float>(new MusicModelOptions());
        var lstm = new MusicModel<float>(new MusicModelOptions { Cell = CellKind.Lstm, HiddenSize = 36 });
        Assert.Equal((21, 108), (gru.Options.LowestPitch, gru.Options.HighestPitch));
        // GRU: 3·(88·46 + 46·46 + 2·46) + 46·88 + 88; LSTM: 4·(88·36 + 36·36 + 2·36) + 36·88 + 88.
        Assert.Equal(22_904, gru.Store.Count);
        Assert.Equal(21_400, lstm.Store.Count);
        Assert.Throws<ArgumentException>(() => new MusicModelOptions { LowestPitch = 100, PitchCount = 40 }.Validate());
    }

    [Fact]
    public void Train_RepeatingChordProgression_NllBelowHalfANatPerFrame()
    {
        // I–vi–IV–V in C, one chord per frame, from a random phase: after the first frame every frame is determined.
        int[][] chords = [[60, 64, 67], [57, 60, 64], [53, 57, 60], [55, 59, 62]];
        var rng = new Rng(11);
        PianoRoll Song()
        {
            int phase = rng.NextInt(4), length = 6 + rng.NextInt(10);
            return new PianoRoll(Enumerable.Range(0, length).Select(t => chords[(phase + t) % 4]));
        }
        var train = Enumerable.Range(0, 48).Select(_ => Song()).ToArray();
        var valid = Enumerable.Range(0, 12).Select(_ => Song()).ToArray();
        var model = new MusicModel<float>(new MusicModelOptions { LowestPitch = 53, PitchCount = 15, HiddenSize = 16 });
        model.Reset(new Rng(2));
        var options = new TrainOptions { Epochs = 40, BatchSize = 8, LearningRate = 1e-2, Seed = 3 };
        var trainer = new Trainer<float, PianoRollBatch>(model, options);
        var validSource = new MusicBatchSource(valid, 8, 53, 15, null);
        double before = trainer.Evaluate(validSource);
        trainer.Train(new MusicBatchSource(train, 8, 53, 15, options.Seed), null, null, null, CancellationToken.None);
        var result = MusicEvaluation.Evaluate(model, valid);
        Assert.InRange(before, 5, 20); // about 15·ln 2 = 10.4 nats for an untrained model
        Assert.True(result.Nll < 0.5, $"valid frame NLL {result.Nll:F4} after {options.Epochs} epochs (from {before:F4})");
        Assert.Equal(trainer.Evaluate(validSource), result.Nll, 1e-4);
    }
}
