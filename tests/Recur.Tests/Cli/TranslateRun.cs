using System.Text;
using Recur.Tests.IO;
using Recur.Training;

namespace Recur.Tests.Cli;

/// <summary>
/// One tiny word-level encoder–decoder trained by <c>recur translate train</c> on a generated task (number words → the
/// digits in reverse order, "two five one" → "1 5 2"), shared by the tests that evaluate and predict with it.
/// </summary>
public sealed class TranslateRun : IDisposable
{
    private static readonly string[] s_words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    private readonly TempDirectory _dir = new();

    /// <summary>Writes the pairs and trains.</summary>
    public TranslateRun()
    {
        Data = Write(_dir.File("pairs.txt"), 600, 1);
        RunDirectory = _dir.File("run");
        Result = CliProcess.Run(_dir.Path, "translate", "train", "--data", Data, "--level", "word", "--epochs", "12", "--hidden-size", "48",
            "--embedding-size", "16", "--batch-size", "16", "--lr", "0.01", "--valid-fraction", "0.1", "--test-fraction", "0.1",
            "--threads", "1", "--out", RunDirectory);
    }

    /// <summary>The generated parallel text.</summary>
    public string Data { get; }

    /// <summary>The scratch directory.</summary>
    public string Directory => _dir.Path;

    /// <summary>The run directory given as --out.</summary>
    public string RunDirectory { get; }

    /// <summary>What <c>recur translate train</c> printed and returned.</summary>
    public CliResult Result { get; }

    /// <summary>The target of a source: its digits reversed, space-separated.</summary>
    public static string Translate(string source) => string.Join(' ', source.Split(' ').Select(w => Array.IndexOf(s_words, w).ToString(System.Globalization.CultureInfo.InvariantCulture)).Reverse());

    /// <summary>Writes <paramref name="count"/> pairs of 2–4 number words and returns the path.</summary>
    public static string Write(string path, int count, ulong seed)
    {
        var rng = new Rng(seed);
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            string source = string.Join(' ', Enumerable.Range(0, 2 + rng.NextInt(3)).Select(_ => s_words[rng.NextInt(s_words.Length)]));
            text.Append(source).Append('\t').Append(Translate(source)).Append("\tattribution\n");
        }
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
        return path;
    }

    /// <inheritdoc/>
    public void Dispose() => _dir.Dispose();
}

/// <summary>The test classes that share one <see cref="TranslateRun"/>.</summary>
[CollectionDefinition(Name)]
public sealed class TranslateRunCollection : ICollectionFixture<TranslateRun>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "recur translate run";
}
