using Recur.IO;
using Recur.Models;
using Recur.Tests.TestSupport;

namespace Recur.Tests.IO;

public sealed class PianoRollReaderTests
{
    private const string Small = """
        {"train": [[[60, 64], [64, 60, 60], []], [[72]]],
         "valid": [[[48], [50]]],
         "test": []}
        """;

    [Fact]
    public void ReadJson_SmallDataSetWithByteOrderMark_FramesSortedAndDistinct()
    {
        using var dir = new TempDirectory();
        string path = dir.File("small.json");
        File.WriteAllText(path, Small, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var data = PianoRollReader.ReadJson(path);
        Assert.Equal(path, data.Source);
        Assert.Equal(2, data.Train.Count);
        Assert.Equal([[60, 64], [60, 64], []], data.Train[0].ToArrays());
        Assert.Equal([[48], [50]], data.Valid[0].ToArrays());
        Assert.Empty(data.Test);
        Assert.Equal((48, 72), data.PitchRange());
    }

    [Theory]
    [InlineData("""{"train": [[[60], [61, 128]]]}""", "$.train[0][1][1]: expected a MIDI pitch (an integer 0–127), found 128")]
    [InlineData("""{"train": [[[60], [61.5]]]}""", "$.train[0][1][0]: expected a MIDI pitch (an integer 0–127), found 61.5")]
    [InlineData("""{"train": [[[60]]], "valid": [[[60], ["C4"]]]}""", "$.valid[0][1][0]: expected a MIDI pitch (an integer 0–127), found a string")]
    [InlineData("""{"train": [[[60]], [60]]}""", "$.train[1][0]: expected a frame (an array of pitches), found 60")]
    [InlineData("""{"train": [[[60]]], "tset": []}""", "$.tset: unknown key 'tset'; expected train, valid and test")]
    [InlineData("""{"train": {}}""", "$.train: expected an array of sequences, found an object")]
    [InlineData("""{"valid": [[[60]]]}""", "$.train: there are no training sequences")]
    [InlineData("""[[60]]""", "$: expected an object with train, valid and test, found an array")]
    public void ReadJson_Malformed_NamesFileAndJsonPath(string json, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.json");
        File.WriteAllText(path, json);
        var e = Assert.Throws<InvalidDataException>(() => PianoRollReader.ReadJson(path));
        Assert.Equal($"{path}: {expected}.", e.Message);
    }

    [Fact]
    public void ReadJson_SyntaxError_NamesFileLineAndByte()
    {
        using var dir = new TempDirectory();
        string path = dir.File("broken.json");
        File.WriteAllText(path, "{\"train\": [[[60],\n [61,, 62]]]}");
        var e = Assert.Throws<InvalidDataException>(() => PianoRollReader.ReadJson(path));
        Assert.StartsWith($"{path}: invalid JSON at line 2, byte ", e.Message);
    }

    [Fact]
    public void ReadSequence_ArrayFileDataSetOrMidi_ReadsOneRoll()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("one.json"), "[[60], [], [62, 60]]");
        File.WriteAllText(dir.File("set.json"), Small);
        var roll = new PianoRoll([[60], [60, 64], [], [67]]);
        MidiWriter.Write(dir.File("one.mid"), MidiRollConverter.FromRoll(roll, 2));

        Assert.Equal([[60], [], [60, 62]], PianoRollReader.ReadSequence(dir.File("one.json")).ToArrays());
        Assert.Equal([[72]], PianoRollReader.ReadSequence(dir.File("set.json"), split: "train", index: 1).ToArrays());
        Assert.Equal(roll.ToArrays(), PianoRollReader.ReadSequence(dir.File("one.mid"), framesPerQuarter: 2).ToArrays());
        Assert.Throws<ArgumentException>("index", () => PianoRollReader.ReadSequence(dir.File("set.json"), split: "valid", index: 1));
        Assert.Throws<ArgumentException>("split", () => PianoRollReader.ReadSequence(dir.File("set.json"), split: "dev"));
    }

    [Fact]
    public void ReadDataset_FolderOfMidiFiles_SplitsFromSubfolders()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("train"));
        Directory.CreateDirectory(dir.File("test"));
        MidiWriter.Write(dir.File("train/b.mid"), MidiRollConverter.FromRoll(new PianoRoll([[62], [64]]), 1));
        MidiWriter.Write(dir.File("train/a.MID"), MidiRollConverter.FromRoll(new PianoRoll([[60], [60, 67]]), 1));
        File.WriteAllText(dir.File("train/notes.txt"), "not music");
        MidiWriter.Write(dir.File("test/c.midi"), MidiRollConverter.FromRoll(new PianoRoll([[48]]), 1));
        var data = PianoRollReader.ReadDataset(dir.Path);
        Assert.Equal([[60], [60, 67]], data.Train[0].ToArrays());
        Assert.Equal([[62], [64]], data.Train[1].ToArrays());
        Assert.Empty(data.Valid);
        Assert.Equal([[48]], Assert.Single(data.Test).ToArrays());
        Assert.Throws<InvalidDataException>(() => PianoRollReader.ReadDataset(dir.File("test")));
    }

    [Fact]
    public void ReadJson_JsbChoralesQuarter_SplitSizesAndPitchRange()
    {
        string? path = SharedData.Find("jsb_chorales/jsb-chorales-quarter.json");
        Assert.SkipUnless(path is not null, "../shared/data/jsb_chorales/jsb-chorales-quarter.json is not beside this checkout.");
        var data = PianoRollReader.ReadJson(path!);
        Assert.Equal((229, 76, 77), (data.Train.Count, data.Valid.Count, data.Test.Count));
        Assert.Equal(13_807, data.Train.Sum(r => r.FrameCount));
        // Predicted frames of the test split: Σ (T − 1), the denominator of the published frame NLL.
        Assert.Equal(4_725 - 77, data.Test.Sum(r => r.FrameCount - 1));
        Assert.Equal((43, 96), data.PitchRange());
    }
}
