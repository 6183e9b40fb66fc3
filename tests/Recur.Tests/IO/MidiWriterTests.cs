using System.Buffers.Binary;
using Recur.IO;
using Recur.Models;

namespace Recur.Tests.IO;

public sealed class MidiWriterTests
{
    /// <summary>Two channels, a chord, a re-struck pitch, two tempo changes and a final rest.</summary>
    internal static MidiFile Sample() => new(480,
    [
        new MidiNote(60, 0, 480, 90), new MidiNote(64, 0, 960, 70), new MidiNote(67, 0, 240, 100, channel: 3),
        new MidiNote(60, 480, 720, 50), new MidiNote(72, 1000, 1440, 127, channel: 15), new MidiNote(21, 1440, 1441, 1),
    ],
    [new MidiTempo(0, 600_000), new MidiTempo(960, 400_000)], endTick: 2000);

    [Fact]
    public void WriteThenRead_NotesTimingAndTempo_Equal()
    {
        using var dir = new TempDirectory();
        string path = dir.File("song.mid");
        var written = Sample();
        MidiWriter.Write(path, written);
        var read = MidiReader.Read(path);
        Assert.Equal(written.TicksPerQuarter, read.TicksPerQuarter);
        Assert.Equal(written.Notes, read.Notes);
        Assert.Equal(written.Tempos, read.Tempos);
        Assert.Equal(2000, read.EndTick);
        Assert.Equal(1, read.Format);
        Assert.Equal(2, read.TrackCount);
        Assert.Equal(["song.mid"], dir.FileNames());
    }

    [Fact]
    public void ToBytes_Format1_HeaderTrackLengthsAndEndOfTrackConsistent()
    {
        byte[] bytes = MidiWriter.ToBytes(Sample());
        Assert.True(bytes.AsSpan(0, 4).SequenceEqual("MThd"u8));
        Assert.Equal(6u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4)));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(8)));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(10)));
        Assert.Equal(480, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(12)));
        int position = 14, tracks = 0;
        while (position < bytes.Length)
        {
            Assert.True(bytes.AsSpan(position, 4).SequenceEqual("MTrk"u8), $"no MTrk at byte {position}");
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(position + 4));
            int end = position + 8 + length;
            Assert.True(end <= bytes.Length, $"track {tracks} runs past the file");
            Assert.True(bytes.AsSpan(end - 3, 3).SequenceEqual(new byte[] { 0xFF, 0x2F, 0x00 }), $"track {tracks} does not end with end-of-track");
            position = end;
            tracks++;
        }
        Assert.Equal(bytes.Length, position);
        Assert.Equal(2, tracks);
        // The conductor track sets the tempo: FF 51 03 then 600,000 µs.
        Assert.True(bytes.AsSpan(0, 60).IndexOf(new byte[] { 0xFF, 0x51, 0x03, 0x09, 0x27, 0xC0 }) > 0);
    }

    [Fact]
    public void ToBytes_NoTempo_WritesDefault120Bpm()
    {
        var read = MidiReader.Parse(MidiWriter.ToBytes(new MidiFile(96, [new MidiNote(60, 0, 96)])), "default.mid");
        Assert.Equal([new MidiTempo(0, 500_000)], read.Tempos);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void RollToMidiAndBack_SameFrames(int framesPerQuarter)
    {
        // A leading rest, a held note, a chord, a gap in the middle and a trailing rest.
        var roll = new PianoRoll([[], [60], [60, 64, 67], [67], [], [48, 72], [48], [], []]);
        var midi = MidiRollConverter.FromRoll(roll, framesPerQuarter, beatsPerMinute: 90);
        var read = MidiReader.Parse(MidiWriter.ToBytes(midi), "roll.mid");
        Assert.Equal(90, read.Tempos[0].BeatsPerMinute, 3);
        Assert.Equal(roll.ToArrays(), MidiRollConverter.ToRoll(read, framesPerQuarter).ToArrays());
        // Frames 1–3 of pitch 60… 60 is held over frames 1–2: one note, not two.
        Assert.Single(read.Notes, n => n.Pitch == 60);
    }

    [Fact]
    public void ToBytes_DeltaBeyond28Bits_ThrowsArgument()
    {
        var midi = new MidiFile(96, [new MidiNote(60, 0, 10), new MidiNote(62, MidiWriter.MaxDelta + 20L, MidiWriter.MaxDelta + 30L)]);
        Assert.Throws<ArgumentException>(() => MidiWriter.ToBytes(midi));
    }

    [Fact]
    public void MidiFile_OverlappingNotesOfOnePitchAndChannel_ThrowsArgument()
    {
        Assert.Throws<ArgumentException>("notes", () => new MidiFile(96, [new MidiNote(60, 0, 100), new MidiNote(60, 50, 150)]));
        Assert.Throws<ArgumentException>("endTick", () => new MidiFile(96, [new MidiNote(60, 0, 100)], endTick: 99));
        _ = new MidiFile(96, [new MidiNote(60, 0, 100), new MidiNote(60, 50, 150, channel: 1), new MidiNote(60, 100, 120)]);
    }
}
