using System.Globalization;
using Recur.Tests.IO;
using Recur.Training;

namespace Recur.Tests.Training;

public sealed class MetricsLogTests
{
    [Fact]
    public void Append_DefaultColumns_WritesHeaderAndRows()
    {
        using var dir = new TempDirectory();
        string path = dir.File("metrics.csv");
        var log = new MetricsLog(path);
        log.Append(1, 100, 2.5, double.NaN, double.NaN, 12345.5, 0.001, 3.25);
        log.Append(1, 200, 2.25, 2.4, Math.Exp(2.4), 12000, 0.001, 6.5);

        string[] lines = File.ReadAllText(path).Split('\n');
        Assert.Equal("epoch,step,train_loss,valid_loss,valid_perplexity,tokens_per_s,learning_rate,elapsed_s", lines[0]);
        Assert.Equal("1,100,2.5,,,12345.5,0.001,3.25", lines[1]);
        Assert.StartsWith("1,200,2.25,2.4,11.023176380641", lines[2]);
        Assert.Equal("", lines[3]);
        Assert.Equal(4, lines.Length);
        Assert.Equal(["metrics.csv"], dir.FileNames());
    }

    [Fact]
    public void Append_CommaDecimalCulture_WritesInvariantNumbers()
    {
        using var dir = new TempDirectory();
        string path = dir.File("metrics.csv");
        CultureInfo saved = CultureInfo.CurrentCulture;
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NumberGroupSeparator = ".";
        try
        {
            CultureInfo.CurrentCulture = comma;
            var log = new MetricsLog(path, ["step", "loss"]);
            log.Append(1, 0.5);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
        Assert.Equal("step,loss\n1,0.5\n", File.ReadAllText(path));
    }

    [Fact]
    public void Load_WrittenLog_RoundTripsEveryValueExactly()
    {
        using var dir = new TempDirectory();
        string path = dir.File("metrics.csv");
        double[][] rows =
        [
            [0, 1, 0.1, double.NaN, double.PositiveInfinity, 1e-300, 3e-5, 1.0 / 3],
            [1, 9_007_199_254_740_993, -0.0, 5.5, double.NegativeInfinity, double.MaxValue, double.Epsilon, 7],
        ];
        var log = new MetricsLog(path);
        foreach (double[] row in rows)
            log.Append(row);

        MetricsLog loaded = MetricsLog.Load(path);
        Assert.Equal(MetricsLog.DefaultColumns, loaded.Columns);
        Assert.Equal(path, loaded.Path);
        Assert.Equal(rows.Length, loaded.Rows.Count);
        for (int r = 0; r < rows.Length; r++)
            Assert.Equal(rows[r].Select(BitConverter.DoubleToInt64Bits), loaded.Rows[r].Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Load_ThenAppend_ContinuesTheFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("metrics.csv");
        var log = new MetricsLog(path, ["epoch", "loss"]);
        log.Append(1, 3.0);
        log.Append(2, 2.0);

        MetricsLog resumed = MetricsLog.Load(path);
        resumed.Append(3, 1.5);

        Assert.Equal("epoch,loss\n1,3\n2,2\n3,1.5\n", File.ReadAllText(path));
        Assert.Equal(3, MetricsLog.Load(path).Rows.Count);
    }

    [Fact]
    public void Truncate_AfterResume_DropsLaterRowsOnDisk()
    {
        using var dir = new TempDirectory();
        string path = dir.File("metrics.csv");
        var log = new MetricsLog(path, ["step", "loss"]);
        for (int step = 1; step <= 4; step++)
            log.Append(step, 1.0 / step);

        MetricsLog resumed = MetricsLog.Load(path);
        resumed.Truncate(2);

        Assert.Equal("step,loss\n1,1\n2,0.5\n", File.ReadAllText(path));
        Assert.Throws<ArgumentOutOfRangeException>(() => resumed.Truncate(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => resumed.Truncate(-1));
    }

    [Fact]
    public void Constructor_NoWrite_CreatesNoFile()
    {
        using var dir = new TempDirectory();
        _ = new MetricsLog(dir.File("metrics.csv"));
        Assert.Empty(dir.FileNames());
    }

    [Fact]
    public void Append_WrongValueCount_ThrowsArgumentAndKeepsFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("metrics.csv");
        var log = new MetricsLog(path, ["a", "b"]);
        log.Append(1, 2);
        Assert.Throws<ArgumentException>(() => log.Append(1, 2, 3));
        Assert.Throws<ArgumentException>(() => log.Append(1));
        Assert.Single(log.Rows);
        Assert.Equal("a,b\n1,2\n", File.ReadAllText(path));
    }

    [Fact]
    public void Append_MissingDirectory_ThrowsAndKeepsNoRow()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "gone", "metrics.csv");
        var log = new MetricsLog(path, ["a"]);
        var e = Assert.Throws<DirectoryNotFoundException>(() => log.Append(1));
        Assert.Contains(path, e.Message);
        Assert.Empty(log.Rows);

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        log.Append(2);
        Assert.Equal("a\n2\n", File.ReadAllText(path));
    }

    [Fact]
    public void Constructor_BadColumns_ThrowsArgument()
    {
        string path = Path.Combine(Path.GetTempPath(), "unused.csv");
        Assert.Throws<ArgumentException>(() => new MetricsLog(path, []));
        Assert.Throws<ArgumentException>(() => new MetricsLog(path, ["a", "a"]));
        Assert.Throws<ArgumentException>(() => new MetricsLog(path, ["a,b"]));
        Assert.Throws<ArgumentException>(() => new MetricsLog(path, ["a\""]));
        Assert.Throws<ArgumentException>(() => new MetricsLog(path, [""]));
        Assert.Throws<ArgumentException>(() => new MetricsLog(path, [" a"]));
        Assert.Throws<ArgumentException>(() => new MetricsLog(path, ["a\nb"]));
        Assert.ThrowsAny<ArgumentException>(() => new MetricsLog(""));
    }

    [Fact]
    public void Load_NonNumericField_ThrowsInvalidDataNamingFileLineAndOffset()
    {
        using var dir = new TempDirectory();
        string path = dir.File("metrics.csv");
        File.WriteAllText(path, "step,loss\n1,2.5\n2,abc\n");
        var e = Assert.Throws<InvalidDataException>(() => MetricsLog.Load(path));
        Assert.StartsWith(path + ":", e.Message);
        Assert.Contains("line 3", e.Message);
        Assert.Contains("at byte 16", e.Message);
        Assert.Contains("'abc'", e.Message);
    }

    [Theory]
    [InlineData("step,loss\n1\n")]
    [InlineData("step,loss\n1,2,3\n")]
    [InlineData("")]
    [InlineData("step,,loss\n")]
    [InlineData("step,step\n1,2\n")]
    public void Load_Malformed_ThrowsInvalidData(string content)
    {
        using var dir = new TempDirectory();
        string path = dir.File("metrics.csv");
        File.WriteAllText(path, content);
        var e = Assert.Throws<InvalidDataException>(() => MetricsLog.Load(path));
        Assert.StartsWith(path + ":", e.Message);
    }

    [Fact]
    public void Load_CrlfLineEndings_Parses()
    {
        using var dir = new TempDirectory();
        string path = dir.File("metrics.csv");
        File.WriteAllText(path, "step,loss\r\n1,2.5\r\n2,\r\n");
        MetricsLog log = MetricsLog.Load(path);
        Assert.Equal(["step", "loss"], log.Columns);
        Assert.Equal([1.0, 2.5], log.Rows[0]);
        Assert.True(double.IsNaN(log.Rows[1][1]));
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        using var dir = new TempDirectory();
        Assert.Throws<FileNotFoundException>(() => MetricsLog.Load(dir.File("none.csv")));
    }
}
