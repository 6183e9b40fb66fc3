using Recur.IO;
using Recur.Tests.IO;
using Recur.Training;

namespace Recur.Tests.Cli;

/// <summary>
/// Faults during <c>recur train</c>: a full disk while saving and non-finite steps, each leaving the last good checkpoint
/// and one clear line. Faults that chance would otherwise decide are injected through the documented RECUR_FAULT_*
/// variables (src/Recur.Cli/Commands/FaultInjection.cs).
/// </summary>
public sealed class TrainFaultTests
{
    private static string[] Command(string corpus, string run, params string[] extra) =>
    [
        "train", "--corpus", corpus, "--level", "whitespace", "--epochs", "2", "--hidden-size", "16", "--embedding-size", "8",
        "--seq-len", "8", "--batch-size", "4", "--threads", "1", "--out", run, .. extra,
    ];

    private static long Step(string checkpoint) => CheckpointFile.Load(checkpoint).GetInt64s("trainer.position")[2];

    [Fact]
    public void Train_DiskFullWhileSaving_StopsSayingSoAndKeepsThePreviousCheckpoint()
    {
        using var dir = new TempDirectory();
        string corpus = TinyCorpus.Write(dir.File("corpus.txt"), 300, 3);
        string run = dir.File("run");
        // Writes 1 and 2 are latest.ckpt at steps 5 and 10; the third, at step 15, finds the disk full.
        var full = new Dictionary<string, string> { ["RECUR_FAULT_DISK_FULL_AT"] = "3" };
        var result = CliProcess.Run(dir.Path, full, Command(corpus, run, "--checkpoint-every", "5steps"));

        Assert.True(result.ExitCode == 1, result.ToString());
        string latest = Path.Combine(run, "latest.ckpt");
        Assert.Equal($"recur: cannot save {latest}: the disk is full; training stopped and the previous checkpoint (step 10) is kept.",
            result.StderrLines[^1]);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(10, Step(latest));
        LanguageModelCheckpoint.Load(latest);
        Assert.Equal(["latest.ckpt"], Directory.GetFiles(run).Select(p => Path.GetFileName(p)!).ToArray());
    }

    [Fact]
    public void DiskFull_RealDevice_FailsWithTheErrorTheInjectionRaises()
    {
        // The injected full disk throws IOException with HResult 28 (ENOSPC), as .NET does for a real one: /dev/full.
        Assert.SkipUnless(OperatingSystem.IsLinux() && File.Exists("/dev/full"), "/dev/full is a Linux device.");
        var e = Assert.Throws<IOException>(() =>
        {
            using var stream = new FileStream("/dev/full", FileMode.Open, FileAccess.Write);
            stream.Write(new byte[4096]);
            stream.Flush();
        });
        Assert.Equal(28, e.HResult);
    }

    [Fact]
    public void Train_NonFiniteGradient_StopsWithExit3NamingStepAndTensorAndKeepsLastGoodCheckpoint()
    {
        using var dir = new TempDirectory();
        string corpus = TinyCorpus.Write(dir.File("corpus.txt"), 300, 3);
        string run = dir.File("run");
        var nan = new Dictionary<string, string> { ["RECUR_FAULT_NAN_AT_STEPS"] = "23" };
        var result = CliProcess.Run(dir.Path, nan, Command(corpus, run, "--checkpoint-every", "1steps"));

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.StartsWith("recur: Training diverged at step 23: the gradient of embedding.weight is not finite.", result.StderrLines[^1]);
        Assert.Contains("The last good checkpoint is kept", result.StderrLines[^1]);
        Assert.Equal(22, Step(Path.Combine(run, "latest.ckpt")));
    }

    [Fact]
    public void Train_NonFiniteGradientWithSkip_SkipsTheStepsAndCountsThemInTheSummary()
    {
        using var dir = new TempDirectory();
        string corpus = TinyCorpus.Write(dir.File("corpus.txt"), 300, 3);
        string run = dir.File("run");
        var nan = new Dictionary<string, string> { ["RECUR_FAULT_NAN_AT_STEPS"] = "7,30" };
        var result = CliProcess.Run(dir.Path, nan, Command(corpus, run, "--on-nonfinite", "skip"));

        Assert.True(result.ExitCode == 0, result.ToString());
        string done = Assert.Single(result.StdoutLines);
        Assert.StartsWith("recur: done: ", done);
        Assert.Contains(" steps (2 more skipped: non-finite), ", done);
        Assert.Contains("recur: 2 steps skipped for a non-finite loss or gradient (--on-nonfinite skip); last at step 30: the gradient of embedding.weight is not finite.",
            result.StderrLines);
        var checkpoint = CheckpointFile.Load(Path.Combine(run, "latest.ckpt"));
        Assert.Equal(2, checkpoint.GetInt64s("trainer.position")[5]);
        foreach (string name in checkpoint.Names.Where(n => n.StartsWith("param.", StringComparison.Ordinal)))
            Assert.All(checkpoint.GetFloats(name), x => Assert.True(float.IsFinite(x), $"{name} holds {x}"));
    }

    [Fact]
    public void Train_LearningRateThatOverflows_StopsWithExit3SayingTheActivationsOverflowed()
    {
        // SGD at lr 1e30 without clipping: step 1's update leaves finite weights near 1e29, whose ReLU activations overflow
        // at step 2.
        using var dir = new TempDirectory();
        string corpus = TinyCorpus.Write(dir.File("corpus.txt"), 300, 3);
        string run = dir.File("run");
        var result = CliProcess.Run(dir.Path, Command(corpus, run, "--cell", "rnn-relu", "--optimizer", "sgd", "--lr", "1e30",
            "--clip-norm", "0", "--checkpoint-every", "1steps"));

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.StartsWith("recur: Training diverged at step 2: the loss is not finite (every weight is finite: the activations overflowed",
            result.StderrLines[^1]);
        Assert.Equal(1, Step(Path.Combine(run, "latest.ckpt")));
    }
}
