using System.Diagnostics;
using System.Globalization;
using Recur.IO;
using Recur.Tests.IO;
using Recur.Training;

namespace Recur.Tests.Cli;

/// <summary>
/// <c>recur train</c> killed with SIGKILL at random moments, many of them inside a checkpoint write: every checkpoint
/// left behind loads, and resuming after all the kills ends with the weights of a run never interrupted.
/// </summary>
public sealed class TrainKillTests
{
    /// <summary>Largest |difference| of a weight between the resumed and the uninterrupted run.</summary>
    private const double WeightTolerance = 1e-6;

    private const int Kills = 20;

    /// <summary>Each atomic write of the killed runs pauses this long after its first bytes, so that kills land in it.</summary>
    private const string WriteDelayMs = "25";

    [Fact]
    public void Train_KilledAtRandomMomentsAndResumed_LatestAlwaysLoadsAndEndsAsUninterruptedRun()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGKILL through kill(1): POSIX only.");
        using var dir = new TempDirectory();
        string corpus = TinyCorpus.Write(dir.File("corpus.txt"), 1500, 17);
        string[] Command(string run, string every) =>
        [
            "train", "--corpus", corpus, "--level", "whitespace", "--epochs", "2", "--hidden-size", "16", "--embedding-size", "8",
            "--seq-len", "8", "--batch-size", "4", "--dropout", "0.2", "--threads", "1", "--seed", "5", "--checkpoint-every", every,
            "--out", run,
        ];

        var reference = CliProcess.Run(dir.Path, Command(dir.File("reference"), "off"));
        Assert.True(reference.ExitCode == 0, reference.ToString());

        string run = dir.File("killed");
        string latest = Path.Combine(run, "latest.ckpt");
        var slow = new Dictionary<string, string> { ["RECUR_FAULT_WRITE_DELAY_MS"] = WriteDelayMs };
        var rng = new Rng(2024);
        long lastStep = 0;
        int killed = 0, midWrite = 0;
        var steps = new List<long>();
        for (int k = 0; k < Kills; k++)
        {
            string[] args = File.Exists(latest) ? [.. Command(run, "1steps"), "--resume"] : Command(run, "1steps");
            using var process = CliProcess.Start(dir.Path, slow, args);
            // Every fourth kill at any moment from the start (loading, resuming); the others once training runs.
            if (k % 4 != 0) WaitFor(process, "recur: training ");
            Thread.Sleep(rng.NextInt(k % 4 == 0 ? 800 : 400));
            if (process.HasExited)
            {
                var early = process.WaitForExit(CliProcess.Timeout);
                Assert.Fail($"the run ended before kill {k + 1} (make it longer):\n{early}");
            }
            process.Signal("KILL");
            process.WaitForExit(CliProcess.Timeout);
            killed++;
            if (Directory.Exists(run) && Directory.EnumerateFiles(run, "*" + AtomicFile.TempMarker + "*").Any()) midWrite++;
            if (!File.Exists(latest)) continue;

            var checkpoint = LanguageModelCheckpoint.Load(latest);
            long step = checkpoint.File.GetInt64s("trainer.position")[2];
            Assert.True(step >= lastStep, $"kill {k + 1}: the latest checkpoint went back from step {lastStep} to {step}");
            lastStep = step;
            steps.Add(step);
        }
        Assert.Equal(Kills, killed);
        Assert.True(midWrite >= 3, $"only {midWrite} of {Kills} kills landed inside a write (steps at the kills: {string.Join(", ", steps)})");
        Assert.True(lastStep > 0, "no kill came after the first checkpoint");

        var finish = CliProcess.Run(dir.Path, [.. Command(run, "off"), "--resume"]);
        Assert.True(finish.ExitCode == 0, finish.ToString());
        Assert.Empty(Directory.EnumerateFiles(run, "*" + AtomicFile.TempMarker + "*"));

        var expected = CheckpointFile.Load(Path.Combine(dir.File("reference"), "latest.ckpt"));
        var actual = CheckpointFile.Load(latest);
        Assert.Equal(expected.GetInt64s("trainer.position")[2], actual.GetInt64s("trainer.position")[2]);
        int tensors = 0;
        foreach (string name in expected.Names.Where(n => n.StartsWith("param.", StringComparison.Ordinal)))
        {
            float[] a = expected.GetFloats(name), b = actual.GetFloats(name);
            Assert.Equal(a.Length, b.Length);
            double worst = 0;
            int at = -1;
            for (int i = 0; i < a.Length; i++)
            {
                double d = Math.Abs((double)a[i] - b[i]);
                if (d > worst) (worst, at) = (d, i);
            }
            Assert.True(worst <= WeightTolerance, $"{name}: max |difference| {worst:E3} at index {at} after {Kills} kills");
            tensors++;
        }
        Assert.True(tensors >= 5, $"compared only {tensors} parameter tensors");
    }

    private static void WaitFor(CliProcess process, string text)
    {
        var clock = Stopwatch.StartNew();
        while (!process.StderrSoFar.Contains(text, StringComparison.Ordinal) && !process.HasExited && clock.Elapsed < CliProcess.Timeout)
            Thread.Sleep(10);
        Assert.True(process.StderrSoFar.Contains(text, StringComparison.Ordinal),
            $"'{text}' did not appear on stderr within {CliProcess.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s:\n{process.StderrSoFar}");
    }
}
