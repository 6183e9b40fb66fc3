namespace Recur.Tests.IO.Fuzzing;

/// <summary>The fuzz loop itself: an input that runs past the per-input limit is saved and reported.</summary>
public sealed class ReaderFuzzerTests
{
    [Fact]
    public void Run_InputPastTheTimeLimit_SavesItAndReportsIt()
    {
        var reports = new List<string>();
        byte[]? slow = null;
        var target = new FuzzTarget("slow reader", [[1, 2, 3, 4, 5, 6, 7, 8]], bytes =>
        {
            slow = bytes;
            Thread.Sleep(1500);
        });

        var outcome = ReaderFuzzer.Run(target, iterations: 1, seed: 3, onTimeout: message => { lock (reports) reports.Add(message); },
            timeoutSeconds: 0.2);

        Assert.Equal(1, outcome.Accepted);
        string report = Assert.Single(reports);
        Assert.Contains("slow reader, input 0", report);
        Assert.Contains("ran longer than 0.2 s", report);
        string path = report[(report.IndexOf("saved to ", StringComparison.Ordinal) + "saved to ".Length)..report.IndexOf(") ran", StringComparison.Ordinal)];
        Assert.Equal(slow, File.ReadAllBytes(path));
        File.Delete(path);
    }

    [Fact]
    public void Run_FastInputs_NoReport()
    {
        var reports = new List<string>();
        var target = new FuzzTarget("fast reader", [[1, 2, 3]], _ => { });
        var outcome = ReaderFuzzer.Run(target, iterations: 200, seed: 4, onTimeout: reports.Add, timeoutSeconds: 5);
        Assert.Equal(200, outcome.Accepted);
        Assert.Empty(reports);
    }
}
