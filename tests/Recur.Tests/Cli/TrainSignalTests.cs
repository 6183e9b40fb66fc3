using System.Diagnostics;
using Recur.Tests.IO;

namespace Recur.Tests.Cli;

public sealed class TrainSignalTests
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public void Train_SignalDuringTraining_SavesExits130AndResumeFinishes(string signal)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "POSIX signals only.");
        // A process started with SIGINT ignored (a background job of a non-interactive shell) passes that on to its
        // children, and .NET then leaves SIGINT ignored, as a shell would.
        Assert.SkipUnless(signal != "INT" || !SigIntIgnored(), "SIGINT is ignored in this process and so in its children.");
        using var dir = new TempDirectory();
        string corpus = TinyCorpus.Write(dir.File("corpus.txt"), 20000, 6);
        string run = dir.File("run");
        using var process = CliProcess.Start(dir.Path, "train", "--corpus", corpus, "--level", "whitespace", "--epochs", "1000",
            "--hidden-size", "16", "--embedding-size", "8", "--seq-len", "8", "--batch-size", "4", "--threads", "1", "--out", run);

        // After the first checkpoint the handler is surely installed; the run of 1,000 epochs is far from its end.
        string latest = Path.Combine(run, "latest.ckpt");
        var clock = Stopwatch.StartNew();
        while (!File.Exists(latest) && !process.HasExited && clock.Elapsed < CliProcess.Timeout) Thread.Sleep(20);
        Assert.False(process.HasExited, "training ended before it could be interrupted");
        process.Signal(signal);
        clock.Restart();
        var interrupted = process.WaitForExit(TimeSpan.FromSeconds(30));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:F1} s to stop");
        Assert.True(interrupted.ExitCode == 130, interrupted.ToString());
        Assert.Contains("recur: interrupted; saved", interrupted.Stderr);
        Assert.True(File.Exists(latest));

        // Resume and finish the epoch that was interrupted.
        int done = File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length - 1;
        var resumed = CliProcess.Run(dir.Path, "train", "--out", run, "--resume", "--epochs", (done + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.StartsWith("recur: done: ", Assert.Single(resumed.StdoutLines));
        Assert.Equal(done + 2, File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length);
    }

    [Fact]
    public void Train_SigtermInsideACheckpointWrite_FinishesItSavesAndExits130()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "POSIX signals only.");
        using var dir = new TempDirectory();
        string corpus = TinyCorpus.Write(dir.File("corpus.txt"), 2000, 6);
        string run = dir.File("run");
        // Every checkpoint write pauses 1.5 s halfway; one is written after every step, so the signal lands inside one.
        var slow = new Dictionary<string, string> { ["RECUR_FAULT_WRITE_DELAY_MS"] = "1500" };
        using var process = CliProcess.Start(dir.Path, slow, "train", "--corpus", corpus, "--level", "whitespace", "--epochs", "5",
            "--hidden-size", "16", "--embedding-size", "8", "--seq-len", "8", "--batch-size", "4", "--threads", "1",
            "--checkpoint-every", "1steps", "--out", run);
        var clock = Stopwatch.StartNew();
        while (!Directory.Exists(run) || !Directory.EnumerateFiles(run, "latest.ckpt.tmp-*").Any())
        {
            Assert.False(process.HasExited || clock.Elapsed > CliProcess.Timeout, "no checkpoint write began");
            Thread.Sleep(10);
        }
        process.Signal("TERM");
        clock.Restart();
        var result = process.WaitForExit(TimeSpan.FromSeconds(30));

        // The write under way and the final save, each with its pause: a few seconds.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:F1} s to stop");
        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.StartsWith("recur: interrupted; saved ", result.StderrLines[^1]);
        Recur.Training.LanguageModelCheckpoint.Load(Path.Combine(run, "latest.ckpt"));
        Assert.Empty(Directory.EnumerateFiles(run, "*.tmp-*"));
    }

    private static bool SigIntIgnored()
    {
        if (!File.Exists("/proc/self/status")) return true; // cannot tell: do not risk a hang
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (line is null) return true;
        ulong mask = Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16);
        return (mask & (1UL << (2 - 1))) != 0; // SIGINT is signal 2
    }
}
