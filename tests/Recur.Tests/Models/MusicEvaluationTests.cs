using Recur.Cells;
using Recur.Models;
using Recur.Training;

namespace Recur.Tests.Models;

public sealed class MusicEvaluationTests
{
    [Fact]
    public void Evaluate_ConstantPredictorOnTinyRoll_HandComputedNll()
    {
        // Zero output weights make every frame's prediction σ(b): p = (0.5, 0.25, 0.8) for pitches 60, 61, 62.
        var model = new MusicModel<double>(new MusicModelOptions { LowestPitch = 60, PitchCount = 3, HiddenSize = 2 });
        model.Reset(new Rng(1));
        model.Store.Value(model.Decoder.Weight).Clear();
        double[] bias = [0, Math.Log(0.25 / 0.75), Math.Log(0.8 / 0.2)];
        bias.CopyTo(model.Store.Value(model.Decoder.Bias!));
        PianoRoll[] rolls =
        [
            new([[60], [60, 61], []]),
            new([[62], [61, 62]]),
            new([[60]]), // one frame: nothing to predict
        ];
        var result = MusicEvaluation.Evaluate(model, rolls, batchSize: 2);
        // Predicted frames {60, 61}, {} and {61, 62}: (ln 2 + ln 4 + ln 5) + (ln 2 + ln 4/3 + ln 5) + (ln 2 + ln 4 + ln 5/4),
        // over 3 frames (see FrameNllTests).
        Assert.Equal(2.8605772375179362, result.Nll, 1e-12);
        Assert.Equal(3, result.Frames);
        Assert.Equal(2, result.Sequences);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Evaluate_AnyBatchSize_SameNllAsTrainerValidation(int batchSize)
    {
        var model = MusicModelTests.Model(CellKind.Lstm, layers: 2);
        var rolls = MusicModelTests.RandomRolls(9, 7, 3, 12, 1, 5);
        var trainer = new Trainer<double, PianoRollBatch>(model, new TrainOptions());
        double validation = trainer.Evaluate(new MusicBatchSource(rolls, 4, 60, 5, null));
        var result = MusicEvaluation.Evaluate(model, rolls, batchSize);
        Assert.Equal(validation, result.Nll, 1e-12);
        Assert.Equal(6 + 2 + 11 + 4, result.Frames);
        Assert.Equal(4, result.Sequences);
    }
}
