using System.Text;
using Recur.Tests.IO;
using Recur.Training;

namespace Recur.Tests.Cli;

/// <summary>
/// One tiny character-level DNA classifier trained by <c>recur classify train</c> (does the sequence contain TATA?) on
/// generated TSV files with a header, shared by the tests that evaluate and predict with it.
/// </summary>
public sealed class ClassifyTrainedRun : IDisposable
{
    private readonly TempDirectory _dir = new();

    /// <summary>Generates the files and trains.</summary>
    public ClassifyTrainedRun()
    {
        Train = Write(_dir.File("train.tsv"), 400, 1);
        Valid = Write(_dir.File("valid.tsv"), 100, 2);
        RunDirectory = _dir.File("run");
        Result = CliProcess.Run(_dir.Path, "classify", "train", "--train", Train, "--valid", Valid, "--level", "char",
            "--cell", "gru-after", "--pooling", "max", "--class-weights", "balanced", "--epochs", "10", "--hidden-size", "16",
            "--embedding-size", "8", "--batch-size", "16", "--lr", "0.01", "--threads", "1", "--out", RunDirectory);
    }

    /// <summary>The scratch directory.</summary>
    public string Directory => _dir.Path;

    /// <summary>Training file.</summary>
    public string Train { get; }

    /// <summary>Validation file.</summary>
    public string Valid { get; }

    /// <summary>The run directory.</summary>
    public string RunDirectory { get; }

    /// <summary>What <c>recur classify train</c> printed and returned.</summary>
    public CliResult Result { get; }

    /// <summary>
    /// Writes <c>sequence&lt;TAB&gt;label</c> lines under a header: random A/C/G/T strings of 12–24 bases, one in three
    /// with TATA inserted (label <c>motif</c>), the rest free of it (<c>none</c>).
    /// </summary>
    public static string Write(string path, int count, ulong seed)
    {
        var rng = new Rng(seed);
        var text = new StringBuilder("sequence\tlabel\n");
        for (int i = 0; i < count; i++)
        {
            bool positive = i % 3 == 0;
            string s;
            do
            {
                s = new string(Enumerable.Range(0, 12 + rng.NextInt(13)).Select(_ => "ACGT"[rng.NextInt(4)]).ToArray());
                if (positive)
                {
                    int at = rng.NextInt(s.Length - 3);
                    s = s[..at] + "TATA" + s[(at + 4)..];
                }
            } while (!positive && s.Contains("TATA", StringComparison.Ordinal));
            text.Append(s).Append('\t').Append(positive ? "motif" : "none").Append('\n');
        }
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
        return path;
    }

    /// <inheritdoc/>
    public void Dispose() => _dir.Dispose();
}
