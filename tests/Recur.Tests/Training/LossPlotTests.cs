using System.Globalization;
using System.Xml.Linq;
using Recur.Tests.IO;
using Recur.Training;

namespace Recur.Tests.Training;

public sealed class LossPlotTests
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Save_TrainAndValidSeries_OnePolylinePerSeriesWithAllPoints()
    {
        using var dir = new TempDirectory();
        string path = dir.File("loss.svg");
        var plot = new LossPlot("LSTM language model");
        plot.AddSeries("train loss", Enumerable.Range(1, 200).Select(s => ((double)s, 5.0 / Math.Sqrt(s))));
        plot.AddSeries("valid loss", Enumerable.Range(1, 4).Select(e => (e * 50.0, 4.0 / Math.Sqrt(e))));
        plot.Save(path);

        XDocument doc = XDocument.Load(path);
        Assert.Equal(s_svg + "svg", doc.Root!.Name);
        XElement[] polylines = [.. doc.Descendants(s_svg + "polyline")];
        Assert.Equal(2, polylines.Length);
        Assert.Equal(200, PointsOf(polylines[0]).Length);
        Assert.Equal(4, PointsOf(polylines[1]).Length);
        Assert.Equal(["loss.svg"], dir.FileNames());
    }

    [Fact]
    public void ToSvg_Series_LegendAndTitleNameThem()
    {
        var plot = new LossPlot("Run <7> & \"more\"") { XLabel = "step", YLabel = "cross-entropy" };
        plot.AddSeries("train", [(0, 1), (1, 0.5)]);
        plot.AddSeries("valid", [(1, 0.7)]);
        XDocument doc = Reparse(plot);

        string[] legend = [.. doc.Descendants(s_svg + "g").Single(g => (string?)g.Attribute("class") == "legend")
            .Elements(s_svg + "text").Select(t => t.Value)];
        Assert.Equal(["train", "valid"], legend);
        Assert.Equal("Run <7> & \"more\"", doc.Root!.Element(s_svg + "title")!.Value);
        string[] texts = [.. doc.Descendants(s_svg + "text").Select(t => t.Value)];
        Assert.Contains("Run <7> & \"more\"", texts);
        Assert.Contains("step", texts);
        Assert.Contains("cross-entropy", texts);
    }

    [Fact]
    public void ToSvg_NonFinitePoints_Skipped()
    {
        var plot = new LossPlot("t");
        plot.AddSeries("a", [(0, 1), (1, double.NaN), (double.PositiveInfinity, 2), (3, double.NegativeInfinity), (4, 0.5)]);
        XElement polyline = Reparse(plot).Descendants(s_svg + "polyline").Single();
        Assert.Equal(2, PointsOf(polyline).Length);
    }

    [Fact]
    public void ToSvg_EmptyAndAllNaNSeries_NoPolylineButLegendEntry()
    {
        var plot = new LossPlot("t");
        plot.AddSeries("empty", []);
        plot.AddSeries("nan", [(1, double.NaN)]);
        plot.AddSeries("real", [(1, 2), (2, 1)]);
        XDocument doc = Reparse(plot);
        Assert.Single(doc.Descendants(s_svg + "polyline"));
        Assert.Equal(["empty", "nan", "real"], plot.SeriesNames);
        string[] texts = [.. doc.Descendants(s_svg + "text").Select(t => t.Value)];
        Assert.Contains("empty", texts);
        Assert.Contains("nan", texts);
    }

    [Fact]
    public void ToSvg_NoSeries_StillValidSvg()
    {
        XDocument doc = Reparse(new LossPlot("nothing yet"));
        Assert.Empty(doc.Descendants(s_svg + "polyline"));
        Assert.NotEmpty(doc.Descendants(s_svg + "text"));
    }

    [Fact]
    public void ToSvg_AllPoints_InsideThePlotArea()
    {
        var plot = new LossPlot("t") { Width = 640, Height = 400 };
        plot.AddSeries("a", Enumerable.Range(0, 50).Select(i => (i * 1.7 - 20, Math.Sin(i) * 1e4)));
        plot.AddSeries("b", [(-3, 0.001), (90, -5e3)]);
        XDocument doc = Reparse(plot);
        Assert.Equal("0 0 640 400", (string?)doc.Root!.Attribute("viewBox"));
        foreach (XElement polyline in doc.Descendants(s_svg + "polyline"))
        {
            foreach ((double x, double y) in PointsOf(polyline))
            {
                Assert.InRange(x, 0, 640);
                Assert.InRange(y, 0, 400);
            }
        }
    }

    [Fact]
    public void ToSvg_LinearAxis_NiceTickLabels()
    {
        var plot = new LossPlot("t");
        plot.AddSeries("a", [(0, 0.25), (100, 0.9)]);
        string[] texts = [.. Reparse(plot).Descendants(s_svg + "text").Select(t => t.Value)];
        foreach (string label in new[] { "0", "20", "40", "60", "80", "100", "0.2", "0.4", "0.6", "0.8", "1.0" })
            Assert.Contains(label, texts);
        Assert.DoesNotContain("0.30000000000000004", texts);
    }

    [Fact]
    public void ToSvg_LogScale_DecadeTicksAndNonPositiveSkipped()
    {
        var plot = new LossPlot("t") { LogScale = true };
        Assert.False(new LossPlot("default").LogScale);
        plot.AddSeries("a", [(1, 100), (2, 1), (3, 0), (4, -1), (5, 0.01)]);
        XDocument doc = Reparse(plot);
        Assert.Equal(3, PointsOf(doc.Descendants(s_svg + "polyline").Single()).Length);
        string[] texts = [.. doc.Descendants(s_svg + "text").Select(t => t.Value)];
        foreach (string label in new[] { "0.01", "0.1", "1", "10", "100" })
            Assert.Contains(label, texts);
    }

    [Fact]
    public void ToSvg_LogScaleUnderOneDecade_HasSeveralTicks()
    {
        var plot = new LossPlot("t") { LogScale = true };
        plot.AddSeries("a", [(1, 2.0), (2, 3.5)]);
        XElement tickLabels = Reparse(plot).Descendants(s_svg + "g").Single(g => (string?)g.Attribute("class") == "tick-labels");
        int yTicks = tickLabels.Elements(s_svg + "text").Count(t => (string?)t.Attribute("text-anchor") == "end");
        Assert.InRange(yTicks, 3, 12);
    }

    [Fact]
    public void ToSvg_SinglePoint_PolylineAndMarker()
    {
        var plot = new LossPlot("t");
        plot.AddSeries("valid", [(3, 2.5)]);
        XDocument doc = Reparse(plot);
        Assert.Single(PointsOf(doc.Descendants(s_svg + "polyline").Single()));
        Assert.Single(doc.Descendants(s_svg + "circle"));
    }

    [Fact]
    public void ToSvg_SelfContained_NoScriptsOrExternalReferences()
    {
        var plot = new LossPlot("t");
        plot.AddSeries("a", [(0, 1), (1, 2)]);
        XDocument doc = Reparse(plot);
        Assert.Empty(doc.Descendants(s_svg + "script"));
        Assert.Empty(doc.Descendants(s_svg + "style"));
        Assert.DoesNotContain(doc.Descendants().Attributes(), a => a.Name.LocalName == "href");
        Assert.DoesNotContain("url(", doc.ToString());
    }

    [Fact]
    public void Save_ExistingFile_Replaced()
    {
        using var dir = new TempDirectory();
        string path = dir.File("loss.svg");
        File.WriteAllText(path, "old");
        var plot = new LossPlot("t");
        plot.AddSeries("a", [(0, 1), (1, 2)]);
        plot.Save(path);
        Assert.Single(XDocument.Load(path).Descendants(s_svg + "polyline"));
        Assert.Equal(["loss.svg"], dir.FileNames());
    }

    [Fact]
    public void Save_MissingDirectory_ThrowsDirectoryNotFound()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "gone", "loss.svg");
        var e = Assert.Throws<DirectoryNotFoundException>(() => new LossPlot("t").Save(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void AddSeries_BadArguments_Throw()
    {
        var plot = new LossPlot("t");
        plot.AddSeries("a", []);
        Assert.Throws<ArgumentException>(() => plot.AddSeries("a", []));
        Assert.ThrowsAny<ArgumentException>(() => plot.AddSeries("", []));
        Assert.Throws<ArgumentNullException>(() => plot.AddSeries("b", null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => plot.Width = 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => plot.Height = 100_000);
    }

    private static XDocument Reparse(LossPlot plot) => XDocument.Parse(plot.ToSvg().ToString());

    private static (double X, double Y)[] PointsOf(XElement polyline) =>
        [.. ((string)polyline.Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            string[] xy = p.Split(',');
            return (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture));
        })];
}
