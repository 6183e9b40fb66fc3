using System.Xml.Linq;
using Recur.Cells;
using Recur.Diagnostics;
using Recur.Models;
using Recur.Tests.IO;
using Recur.Text;
using Recur.Training;

namespace Recur.Tests.Diagnostics;

public sealed class GradientNormLogTests
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";

    [Theory]
    [InlineData(null, null, false)]
    [InlineData(1e6, null, false)]
    [InlineData(1e-6, null, true)]
    [InlineData(null, 1e-9, true)]
    public void TrainStep_WithLog_OneSamplePerStepWithTheNormBeforeClipping(double? clipNorm, double? clipValue, bool clipped)
    {
        var model = new LanguageModel<float>(new LanguageModelOptions(6) { Cell = CellKind.Gru, EmbeddingSize = 3, HiddenSize = 4 });
        model.Reset(new Rng(2));
        var trainer = new LanguageModelTrainer<float>(model, new TrainOptions { ClipNorm = clipNorm, ClipValue = clipValue, Seed = 3 });
        var log = new GradientNormLog();
        trainer.GradientNorms = log;
        var batch = Batch();

        var norms = new List<double>();
        for (int i = 0; i < 4; i++)
        {
            trainer.TrainStep(batch);
            norms.Add(trainer.LastGradientNorm);
        }

        Assert.Equal([1L, 2, 3, 4], log.Samples.Select(s => s.Step));
        Assert.Equal(norms, log.Samples.Select(s => s.Norm));
        Assert.All(log.Samples, s => Assert.Equal(clipped, s.Clipped));
        Assert.All(log.Samples, s => Assert.True(s.Norm > 0));
    }

    [Fact]
    public void SaveCsv_Load_RoundTripsAndTruncates()
    {
        using var dir = new TempDirectory();
        var log = new GradientNormLog();
        log.Report(new GradientNormSample(1, 0.5, false));
        log.Report(new GradientNormSample(2, 12.25, true));
        log.Report(new GradientNormSample(3, 1.0 / 3, false));
        string path = dir.File("g.csv");
        log.SaveCsv(path);

        Assert.Equal("step,norm,clipped\n1,0.5,0\n2,12.25,1\n3," + (1.0 / 3).ToString("R", System.Globalization.CultureInfo.InvariantCulture) + ",0\n",
            File.ReadAllText(path));
        var loaded = GradientNormLog.Load(path);
        Assert.Equal(log.Samples, loaded.Samples);
        loaded.Truncate(2);
        Assert.Equal([1L, 2], loaded.Samples.Select(s => s.Step));
    }

    [Fact]
    public void Load_BadRow_ThrowsNamingTheFileAndLine()
    {
        using var dir = new TempDirectory();
        string path = dir.File("g.csv");
        File.WriteAllText(path, "step,norm,clipped\n1,0.5,0\n2,x,1\n");
        var e = Assert.Throws<InvalidDataException>(() => GradientNormLog.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("line 3", e.Message);
    }

    [Fact]
    public void ToPlot_ClippedSteps_CircledWithoutALineAndTheThresholdDrawn()
    {
        var log = new GradientNormLog();
        for (int s = 1; s <= 10; s++) log.Report(new GradientNormSample(s, s % 4 == 0 ? 20 : 1, s % 4 == 0));

        var svg = log.ToPlot(clipNorm: 5).ToSvg();

        var markers = svg.Descendants(s_svg + "g").Single(g => (string?)g.Attribute("class") == "markers");
        Assert.Equal(2, markers.Elements(s_svg + "circle").Count());
        Assert.Empty(markers.Elements(s_svg + "polyline"));
        // The norm line and the threshold line.
        Assert.Equal(2, svg.Descendants(s_svg + "polyline").Count());
        Assert.Contains("2 of 10 steps clipped", svg.Descendants(s_svg + "title").First().Value);
    }

    private static TokenBatch Batch()
    {
        var batch = new TokenBatch();
        batch.EnsureCapacity(5, 2);
        var rng = new Rng(4);
        for (int i = 0; i < 10; i++) { batch.Inputs[i] = rng.NextInt(6); batch.Targets[i] = rng.NextInt(6); }
        batch.Lengths[0] = 5; batch.Lengths[1] = 5;
        return batch;
    }
}
