using System.Globalization;
using Recur.IO;
using Recur.Models;
using Recur.Tests.IO;

namespace Recur.Tests.Cli;

public sealed class MusicCommandTests(MusicCommandRun run) : IClassFixture<MusicCommandRun>
{
    [Fact]
    public void Train_ThreeEpochs_WritesRunFilesAndOneSummaryLine()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.ToString());
        foreach (string name in new[] { "latest.ckpt", "best.ckpt", "metrics.csv", "loss.svg" })
            Assert.True(File.Exists(Path.Combine(run.RunDirectory, name)), $"{name} is missing.\n{run.Result}");
        Assert.Equal(4, File.ReadAllLines(Path.Combine(run.RunDirectory, "metrics.csv")).Length);
        Assert.Contains("pitches 53–67", run.Result.Stderr);
        string summary = Assert.Single(run.Result.StdoutLines);
        Assert.StartsWith("recur: done: ", summary);
        // 40 songs in batches of 8, three epochs.
        Assert.Equal("15", TrainCommandTests.Between(summary, "done: ", " steps"));
        double test = double.Parse(TrainCommandTests.Between(summary, "test frame NLL ", " over"), CultureInfo.InvariantCulture);
        Assert.InRange(test, 0, 15 * Math.Log(2)); // better than a coin per pitch
        Assert.Equal("recur-music", Recur.IO.CheckpointFile.Load(Path.Combine(run.RunDirectory, "best.ckpt")).GetString("format"));
    }

    [Fact]
    public void Evaluate_TestSplit_PrintsTheSummarysTestNll()
    {
        var result = CliProcess.Run(run.Directory, "music", "evaluate", "--model", run.RunDirectory);
        Assert.True(result.ExitCode == 0, result.ToString());
        string line = Assert.Single(result.StdoutLines);
        string expected = TrainCommandTests.Between(Assert.Single(run.Result.StdoutLines), "test frame NLL ", " over");
        Assert.Equal(expected, TrainCommandTests.Between(line, "frame NLL ", " nats"));
        Assert.Contains("of 8 sequences (test split of", line);
    }

    [Fact]
    public void Generate_FromNothing_MidiParsesBackWithTheFramesAndIsReproducible()
    {
        string a = Path.Combine(run.Directory, "a.mid"), b = Path.Combine(run.Directory, "b.mid");
        string[] args = ["music", "generate", "--model", run.RunDirectory, "--frames", "16", "--seed", "3", "--temperature", "0.8"];
        var first = CliProcess.Run(run.Directory, [.. args, "--out", a]);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("16 frames (0 from the prime, 16 generated)", Assert.Single(first.StdoutLines));
        Assert.True(CliProcess.Run(run.Directory, [.. args, "--out", b]).ExitCode == 0);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        var midi = MidiReader.Read(a);
        Assert.Equal((1, 2), (midi.Format, midi.TrackCount));
        Assert.Equal(100, Assert.Single(midi.Tempos).BeatsPerMinute, 6);
        var roll = MidiRollConverter.ToRoll(midi, 1);
        Assert.Equal(16, roll.FrameCount);
        Assert.All(midi.Notes, n => Assert.InRange(n.Pitch, 53, 67));
    }

    [Fact]
    public void Generate_PrimedFromJsonOrMidi_PieceStartsWithThePrime()
    {
        var song = PianoRollReader.ReadSequence(run.Data, split: "test", index: 1);
        string json = Path.Combine(run.Directory, "json-prime.mid");
        var result = CliProcess.Run(run.Directory, "music", "generate", "--model", run.RunDirectory, "--out", json, "--frames", "8",
            "--seed", "1", "--prime-json", run.Data, "--prime-split", "test", "--prime-index", "1", "--prime-frames", "4");
        Assert.True(result.ExitCode == 0, result.ToString());
        var roll = MidiRollConverter.ToRoll(MidiReader.Read(json), 1);
        Assert.Equal(12, roll.FrameCount);
        Assert.Equal(song.Slice(0, 4).ToArrays(), roll.Slice(0, 4).ToArrays());

        string prime = Path.Combine(run.Directory, "prime.mid"), output = Path.Combine(run.Directory, "midi-prime.mid");
        MidiWriter.Write(prime, MidiRollConverter.FromRoll(new PianoRoll([[60, 64, 67], [57, 60, 64]]), 2));
        result = CliProcess.Run(run.Directory, "music", "generate", "--model", run.RunDirectory, "--out", output, "--frames", "3",
            "--seed", "1", "--prime", prime, "--frames-per-quarter", "2");
        Assert.True(result.ExitCode == 0, result.ToString());
        roll = MidiRollConverter.ToRoll(MidiReader.Read(output), 2);
        Assert.Equal(5, roll.FrameCount);
        Assert.Equal([[60, 64, 67], [57, 60, 64]], roll.Slice(0, 2).ToArrays());
    }

    [Fact]
    public void Resume_AfterOneEpoch_ContinuesToTheNewEpochCount()
    {
        using var dir = new TempDirectory();
        string data = MusicCommandRun.WriteDataSet(dir.File("d.json"), 6), output = dir.File("run");
        var first = CliProcess.Run(dir.Path, ["music", "train", .. MusicCommandRun.TrainArguments(data), "--epochs", "1", "--out", output]);
        Assert.True(first.ExitCode == 0, first.ToString());
        var second = CliProcess.Run(dir.Path, "music", "train", "--out", output, "--resume", "--epochs", "2");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("epoch 2/2", second.Stderr);
        Assert.DoesNotContain("epoch 1/2", second.Stderr);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length);
        Assert.Equal("10", TrainCommandTests.Between(Assert.Single(second.StdoutLines), "done: ", " steps"));
    }

    [Theory]
    [InlineData("$.train[0][1]: expected a frame", "train", "--data", "{bad}")]
    [InlineData("no such file", "train", "--data", "{missing}")]
    [InlineData("--pitches must be", "train", "--data", "{data}", "--pitches", "90-20")]
    [InlineData("chords.json: train sequence 0, frame 0: pitch 57 is outside the model's range 70…80", "train", "--data", "{data}", "--pitches", "70-80")]
    [InlineData("Unknown cell", "train", "--data", "{data}", "--cell", "transformer")]
    [InlineData("byte 0: not a Standard MIDI file", "generate", "--model", "{run}", "--out", "{dir}/x.mid", "--prime", "{bad}")]
    [InlineData("--temperature must be", "generate", "--model", "{run}", "--out", "{dir}/x.mid", "--temperature", "-1")]
    [InlineData("Unknown split 'dev'", "evaluate", "--model", "{run}", "--split", "dev")]
    [InlineData("bad.json: not a Recur", "evaluate", "--model", "{bad}")]
    public void Music_BadInput_ExitsNonZeroWithOneLine(string expected, params string[] args)
    {
        using var dir = new TempDirectory();
        string bad = dir.File("bad.json");
        File.WriteAllText(bad, """{"train": [[[60], 61]]}""");
        string[] resolved = args.Select(a => a.Replace("{bad}", bad).Replace("{missing}", dir.File("missing.json"))
            .Replace("{data}", run.Data).Replace("{run}", run.RunDirectory).Replace("{dir}", dir.Path)).ToArray();
        string line = CliAssert.FailedWithOneLine(CliProcess.Run(dir.Path, ["music", .. resolved, .. (args[0] == "train" ? new[] { "--epochs", "1" } : [])]));
        Assert.Contains(expected, line);
    }
}
