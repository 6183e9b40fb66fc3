using Recur.Tests.IO;

namespace Recur.Tests.Cli;

/// <summary><c>recur diagnose gradients --classifier</c> on the shared bidirectional classifier run.</summary>
[Collection(ClassifyRunCollection.Name)]
public sealed class DiagnoseClassifierCommandTests(ClassifyTrainedRun run)
{
    [Fact]
    public void DiagnoseGradients_BidirectionalClassifier_RowsPerDirection()
    {
        using var dir = new TempDirectory();
        var result = CliProcess.Run(dir.Path, "diagnose", "gradients", "--classifier", run.RunDirectory, "--text", run.Valid,
            "--sequences", "20", "--threads", "1", "--out", "flow");

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = File.ReadAllLines(dir.File("flow/gradient-flow.csv"))[1..].Select(l => l.Split(',')).ToArray();
        Assert.Equal(["forward", "reverse"], rows.Select(r => r[2]).Distinct());
        // Texts of 12 to 24 bases: distances from 0 up to at most 23 in each direction, 20 texts at distance 0.
        foreach (string direction in new[] { "forward", "reverse" })
        {
            var part = rows.Where(r => r[2] == direction).ToArray();
            Assert.Equal("0", part[0][3]);
            Assert.Equal("20", part[0][6]);
            Assert.InRange(part.Length, 12, 24);
        }
    }
}
