using System.Text;
using Recur.Tests.IO;
using Recur.Training;

namespace Recur.Tests.Cli;

/// <summary>
/// One tiny named-entity tagger trained by <c>recur tag train</c> (IOB2 tags, character features, 4 epochs) on generated
/// CoNLL files, shared by the tests that evaluate and predict with it.
/// </summary>
public sealed class TagTrainedRun : IDisposable
{
    private static readonly string[] s_first = ["alice", "bob", "carol", "dave"], s_cities = ["paris", "rome", "oslo"];
    private static readonly string[] s_other = ["met", "in", "the", "a", "visited", "saw", "today", "and"];
    private readonly TempDirectory _dir = new();

    /// <summary>Generates the files and trains.</summary>
    public TagTrainedRun()
    {
        Train = Write(_dir.File("train.conll"), 160, 1);
        Valid = Write(_dir.File("valid.conll"), 30, 2);
        Test = Write(_dir.File("test.conll"), 30, 3);
        RunDirectory = _dir.File("run");
        Result = CliProcess.Run(_dir.Path, "tag", "train", "--train", Train, "--valid", Valid, "--test", Test, "--char-features",
            "--epochs", "4", "--hidden-size", "16", "--embedding-size", "8", "--char-embedding-size", "4", "--char-hidden-size", "4",
            "--batch-size", "8", "--lr", "0.02", "--threads", "1", "--out", RunDirectory);
    }

    /// <summary>The scratch directory.</summary>
    public string Directory => _dir.Path;

    /// <summary>Training file.</summary>
    public string Train { get; }

    /// <summary>Validation file.</summary>
    public string Valid { get; }

    /// <summary>Test file.</summary>
    public string Test { get; }

    /// <summary>The run directory.</summary>
    public string RunDirectory { get; }

    /// <summary>What <c>recur tag train</c> printed and returned.</summary>
    public CliResult Result { get; }

    /// <summary>
    /// Writes sentences of 3–8 tokens: a first name (B-PER), sometimes followed by "smith" (I-PER), a city (B-LOC),
    /// other words (O); token and tag separated by a tab, a blank line after each sentence.
    /// </summary>
    public static string Write(string path, int sentences, ulong seed)
    {
        var rng = new Rng(seed);
        var text = new StringBuilder();
        for (int s = 0; s < sentences; s++)
        {
            int n = 3 + rng.NextInt(6);
            for (int i = 0; i < n; i++)
            {
                int kind = rng.NextInt(4);
                if (kind == 0)
                {
                    text.Append(s_first[rng.NextInt(s_first.Length)]).Append("\tB-PER\n");
                    if (rng.NextInt(2) == 0) text.Append("smith\tI-PER\n");
                }
                else if (kind == 1) text.Append(s_cities[rng.NextInt(s_cities.Length)]).Append("\tB-LOC\n");
                else text.Append(s_other[rng.NextInt(s_other.Length)]).Append("\tO\n");
            }
            text.Append('\n');
        }
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
        return path;
    }

    /// <inheritdoc/>
    public void Dispose() => _dir.Dispose();
}
