using Recur.Tests.IO;

namespace Recur.Tests.Cli;

/// <summary>
/// One tiny whitespace-level stream model trained by <c>recur train</c> (2 epochs, separate valid and test files),
/// shared by the tests that sample from it and score with it.
/// </summary>
public sealed class TrainedRun : IDisposable
{
    private readonly TempDirectory _dir = new();

    /// <summary>Generates the corpora and trains.</summary>
    public TrainedRun()
    {
        Train = TinyCorpus.Write(_dir.File("train.txt"), 300, 1);
        Valid = TinyCorpus.Write(_dir.File("valid.txt"), 40, 2);
        Test = TinyCorpus.Write(_dir.File("test.txt"), 40, 3);
        RunDirectory = _dir.File("run");
        Result = CliProcess.Run(_dir.Path, "train", "--corpus", Train, "--valid", Valid, "--test", Test, "--level", "whitespace",
            "--mode", "stream", "--epochs", "2", "--hidden-size", "16", "--embedding-size", "8", "--seq-len", "8",
            "--batch-size", "4", "--init-range", "0.1", "--threads", "1", "--out", RunDirectory);
    }

    /// <summary>The scratch directory holding the corpora and the run.</summary>
    public string Directory => _dir.Path;

    /// <summary>Training text.</summary>
    public string Train { get; }

    /// <summary>Validation text.</summary>
    public string Valid { get; }

    /// <summary>Test text.</summary>
    public string Test { get; }

    /// <summary>The run directory given as --out.</summary>
    public string RunDirectory { get; }

    /// <summary>What <c>recur train</c> printed and returned.</summary>
    public CliResult Result { get; }

    /// <inheritdoc/>
    public void Dispose() => _dir.Dispose();
}
