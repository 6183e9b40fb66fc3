using System.Text.Json;
using Recur.Tests.IO;
using Recur.Training;

namespace Recur.Tests.Cli;

/// <summary>
/// A small piano-roll data set (a repeating four-chord progression from random phases) and one
/// <c>recur music train</c> run on it (3 epochs), shared by the music command tests.
/// </summary>
public sealed class MusicCommandRun : IDisposable
{
    private readonly TempDirectory _dir = new();

    /// <summary>Writes the data set and trains.</summary>
    public MusicCommandRun()
    {
        Data = WriteDataSet(_dir.File("chords.json"), 5);
        RunDirectory = _dir.File("run");
        Result = CliProcess.Run(_dir.Path, ["music", "train", .. TrainArguments(Data), "--epochs", "3", "--out", RunDirectory]);
    }

    /// <summary>The scratch directory.</summary>
    public string Directory => _dir.Path;

    /// <summary>The JSON data set.</summary>
    public string Data { get; }

    /// <summary>The run directory given as --out.</summary>
    public string RunDirectory { get; }

    /// <summary>What <c>recur music train</c> printed and returned.</summary>
    public CliResult Result { get; }

    /// <summary>Model and optimiser options of the test runs (without --epochs and --out).</summary>
    public static string[] TrainArguments(string data) =>
        ["--data", data, "--pitches", "data", "--hidden-size", "12", "--batch-size", "8", "--lr", "0.01", "--threads", "1"];

    /// <summary>Writes {"train","valid","test"} of 40, 8 and 8 songs: I–vi–IV–V in C, one chord per frame, 6–15 frames.</summary>
    public static string WriteDataSet(string path, ulong seed)
    {
        int[][] chords = [[60, 64, 67], [57, 60, 64], [53, 57, 60], [55, 59, 62]];
        var rng = new Rng(seed);
        int[][][] Songs(int count) => Enumerable.Range(0, count).Select(_ =>
        {
            int phase = rng.NextInt(4), length = 6 + rng.NextInt(10);
            return Enumerable.Range(0, length).Select(t => chords[(phase + t) % 4]).ToArray();
        }).ToArray();
        File.WriteAllText(path, JsonSerializer.Serialize(new { train = Songs(40), valid = Songs(8), test = Songs(8) }));
        return path;
    }

    /// <inheritdoc/>
    public void Dispose() => _dir.Dispose();
}
