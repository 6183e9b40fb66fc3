using Recur.Cells;
using Recur.Models;
using Recur.Training;

namespace Recur.Tests.Models;

public sealed class MusicGeneratorTests
{
    [Fact]
    public void Generate_SameSeedSameRoll_OtherSeedDiffers()
    {
        var generator = new MusicGenerator<double>(MusicModelTests.Model(CellKind.Lstm));
        var a = generator.Generate(null, 40, 1.0, new Rng(5)).ToArrays();
        Assert.Equal(a, generator.Generate(null, 40, 1.0, new Rng(5)).ToArrays());
        Assert.NotEqual(a, generator.Generate(null, 40, 1.0, new Rng(6)).ToArrays());
        Assert.Equal(40, a.Length);
        Assert.All(a.SelectMany(f => f), p => Assert.InRange(p, 60, 64));
    }

    [Fact]
    public void Generate_TemperatureZero_EachFrameIsThePositiveLogitsOfOnePassOverThePiece()
    {
        var model = MusicModelTests.Model(CellKind.Gru, layers: 2);
        var prime = new PianoRoll([[60, 62], [64]]);
        var roll = new MusicGenerator<double>(model).Generate(prime, 6, 0, new Rng(1));
        Assert.Equal(8, roll.FrameCount);
        Assert.Equal(prime.ToArrays(), roll.Slice(0, 2).ToArrays());
        // The whole piece but its last frame in one forward pass: row t must predict frame t + 1 exactly.
        int steps = roll.FrameCount - 1;
        var input = new double[steps * 5];
        for (int t = 0; t < steps; t++)
            foreach (int p in roll.Frame(t)) input[t * 5 + p - 60] = 1;
        model.Forward(steps, 1, input, default, default, carryState: false, null);
        for (int t = 1; t < steps; t++)
        {
            var expected = Enumerable.Range(0, 5).Where(k => model.Logits[t * 5 + k] > 0).Select(k => 60 + k).ToArray();
            Assert.Equal(expected, roll.Frame(t + 1).ToArray());
        }
    }

    [Fact]
    public void Generate_HigherTemperature_ProbabilitiesCloserToOneHalf()
    {
        var generator = new MusicGenerator<double>(MusicModelTests.Model(CellKind.Gru, seed: 4));
        double Density(double tau) => generator.Generate(null, 400, tau, new Rng(2)).NoteFrameCount / (400.0 * 5);
        // A high temperature flattens every σ(z/τ) towards ½.
        Assert.InRange(Density(50), 0.45, 0.55);
    }

    [Fact]
    public void Generate_BadArguments_ThrowArgument()
    {
        var generator = new MusicGenerator<double>(MusicModelTests.Model(CellKind.Gru));
        Assert.Throws<ArgumentException>("prime", () => generator.Generate(new PianoRoll([[59]]), 4, 1, new Rng(1)));
        Assert.Throws<ArgumentException>("frames", () => generator.Generate(null, -1, 1, new Rng(1)));
        Assert.Throws<ArgumentException>("temperature", () => generator.Generate(null, 4, -0.5, new Rng(1)));
        Assert.Throws<ArgumentException>("temperature", () => generator.Generate(null, 4, double.NaN, new Rng(1)));
        Assert.Equal(0, generator.Generate(null, 0, 1, new Rng(1)).FrameCount);
    }
}
