using System.Text.RegularExpressions;
using Recur.IO;
using Recur.Training;

namespace Recur.Tests.IO;

public sealed partial class MidiReaderTests
{
    private static byte[] Header(int format, int tracks, int division) =>
        [.. "MThd"u8, 0, 0, 0, 6, 0, (byte)format, 0, (byte)tracks, (byte)(division >> 8), (byte)division];

    private static byte[] Track(params byte[] events) =>
        [.. "MTrk"u8, (byte)(events.Length >> 24), (byte)(events.Length >> 16), (byte)(events.Length >> 8), (byte)events.Length, .. events];

    /// <summary>
    /// Format 0, 96 ticks per quarter: a track name, a sysex, two notes on by running status, one ended by velocity 0
    /// (running status), a tempo, a program change, a note with two-byte delta times, end of track.
    /// </summary>
    internal static byte[] HandWritten() =>
    [
        .. Header(0, 1, 96),
        .. Track(
            0x00, 0xFF, 0x03, 0x03, (byte)'a', (byte)'b', (byte)'c',
            0x00, 0xF0, 0x05, 0x7E, 0x7F, 0x09, 0x01, 0xF7,
            0x00, 0x90, 0x3C, 0x40,
            0x00, 0x40, 0x50,
            0x60, 0x3C, 0x00,
            0x00, 0x80, 0x40, 0x00,
            0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20,
            0x00, 0xC0, 0x05,
            0x81, 0x00, 0x90, 0x3E, 0x64,
            0x83, 0x60, 0x80, 0x3E, 0x40,
            0x00, 0xFF, 0x2F, 0x00),
    ];

    [Fact]
    public void Parse_RunningStatusVelocityZeroMetaAndSysex_ReadsNotesAndTempo()
    {
        var midi = MidiReader.Parse(HandWritten(), "hand.mid");
        Assert.Equal(0, midi.Format);
        Assert.Equal(96, midi.TicksPerQuarter);
        Assert.Equal([new MidiNote(60, 0, 96, 64), new MidiNote(64, 0, 96, 80), new MidiNote(62, 224, 704, 100)], midi.Notes);
        Assert.Equal([new MidiTempo(96, 500_000)], midi.Tempos);
        Assert.Equal(704, midi.EndTick);
    }

    [Fact]
    public void Parse_Format1_TracksShareTheTimeBaseAndUnknownChunksAreSkipped()
    {
        byte[] bytes =
        [
            .. Header(1, 2, 480),
            .. Track(0x00, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40, 0x00, 0xFF, 0x2F, 0x00),
            .. "XFIH"u8, 0, 0, 0, 2, 0xAB, 0xCD,
            .. Track(0x83, 0x60, 0x91, 0x45, 0x20, 0x83, 0x60, 0x91, 0x45, 0x00, 0x00, 0xFF, 0x2F, 0x00),
        ];
        var midi = MidiReader.Parse(bytes, "two.mid");
        Assert.Equal(2, midi.TrackCount);
        Assert.Equal([new MidiNote(69, 480, 960, 32, channel: 1)], midi.Notes);
        Assert.Equal(60.0, Assert.Single(midi.Tempos).BeatsPerMinute, 9);
    }

    [Fact]
    public void Parse_NoteOnOfASoundingNote_EndsItAndStartsAnother()
    {
        byte[] bytes = [.. Header(0, 1, 96), .. Track(0x00, 0x90, 0x3C, 0x40, 0x10, 0x3C, 0x41, 0x10, 0x80, 0x3C, 0x00, 0x00, 0x80, 0x3C, 0x00)];
        var midi = MidiReader.Parse(bytes, "retrigger.mid");
        // No end-of-track event: the track ends with its chunk.
        Assert.Equal([new MidiNote(60, 0, 16, 64), new MidiNote(60, 16, 32, 65)], midi.Notes);
    }

    [Fact]
    public void Parse_TruncatedAtEveryOffset_ThrowsInvalidDataWithFileAndOffset()
    {
        byte[] bytes = MidiWriter.ToBytes(MidiWriterTests.Sample());
        for (int length = 0; length < bytes.Length; length++)
        {
            Exception? e = Record.Exception(() => MidiReader.Parse(bytes[..length], "cut.mid"));
            Assert.True(e is InvalidDataException, $"Truncated to {length} of {bytes.Length} bytes: {e?.GetType().Name ?? "no exception"} {e?.Message}");
            AssertMessage("cut.mid", e!.Message);
        }
    }

    [Fact]
    public void Parse_RandomGarbageAndByteFlips_OnlyEverThrowInvalidData()
    {
        var rng = new Rng(5);
        byte[] valid = MidiWriter.ToBytes(MidiWriterTests.Sample());
        for (int trial = 0; trial < 2000; trial++)
        {
            byte[] bytes;
            if (trial < 200)
            {
                bytes = new byte[rng.NextInt(64)];
                for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)rng.NextInt(256);
                if (trial % 2 == 0 && bytes.Length >= 14) "MThd\0\0\0\u0006\0\u0001\0\u0001"u8.CopyTo(bytes);
            }
            else
            {
                bytes = (byte[])valid.Clone();
                bytes[rng.NextInt(bytes.Length)] ^= (byte)(1 + rng.NextInt(255));
            }
            Exception? e = Record.Exception(() => MidiReader.Parse(bytes, "fuzz.mid"));
            Assert.True(e is null or InvalidDataException, $"trial {trial}: {e?.GetType().Name} {e?.Message}");
            if (e is not null) Assert.StartsWith("fuzz.mid: ", e.Message);
        }
    }

    [Fact]
    public void Parse_HugeChunkLength_ThrowsBeforeAllocating()
    {
        byte[] bytes = [.. Header(0, 1, 96), .. "MTrk"u8, 0xFF, 0xFF, 0xFF, 0xF0, 0x00, 0x90, 0x3C, 0x40];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => MidiReader.Parse(bytes, "huge.mid"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the reader allocated for a corrupt length");
        Assert.Equal("huge.mid: byte 18: chunk 'MTrk' declares 4,294,967,280 bytes but only 4 remain.", e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x3C, 0x40 }, "byte 23: data byte 0x3C without a status byte")]
    [InlineData(new byte[] { 0x00, 0xFF, 0x01, 0x00, 0x00, 0x3C, 0x40 }, "byte 27: data byte 0x3C without a status byte")]
    [InlineData(new byte[] { 0x00, 0x90, 0x3C, 0x80 }, "byte 25: byte 0x80 where a data byte")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x00 }, "byte 22: variable-length delta time longer than 4 bytes")]
    [InlineData(new byte[] { 0x00, 0xFF, 0x51, 0x02, 0x07, 0xA1 }, "byte 23: a tempo event has 3 data bytes")]
    [InlineData(new byte[] { 0x00, 0xFF, 0x01, 0x10, 0x41 }, "byte 25: meta event declares 16 bytes but the track has 1 left")]
    [InlineData(new byte[] { 0x00, 0xF8 }, "byte 23: status byte 0xF8 (a system message)")]
    [InlineData(new byte[] { 0x00, 0x90, 0x3C }, "byte 24: the track ends inside a channel message")]
    public void Parse_MalformedTrack_NamesTheOffset(byte[] events, string expected)
    {
        byte[] bytes = [.. Header(0, 1, 96), .. Track(events)];
        var e = Assert.Throws<InvalidDataException>(() => MidiReader.Parse(bytes, "bad.mid"));
        Assert.StartsWith("bad.mid: " + expected, e.Message);
    }

    [Theory]
    [InlineData(2, 1, 96, "byte 8: SMF format 2")]
    [InlineData(0, 2, 96, "byte 10: a format 0 file has one track")]
    [InlineData(1, 1, 0xE728, "byte 12: SMPTE time division is not supported")]
    [InlineData(1, 1, 0, "byte 12: time division of 0")]
    public void Parse_UnsupportedHeader_NamesTheOffset(int format, int tracks, int division, string expected)
    {
        byte[] bytes = [.. Header(format, tracks, division), .. Track(0x00, 0xFF, 0x2F, 0x00), .. Track(0x00, 0xFF, 0x2F, 0x00)];
        var e = Assert.Throws<InvalidDataException>(() => MidiReader.Parse(bytes, "head.mid"));
        Assert.StartsWith("head.mid: " + expected, e.Message);
    }

    [Fact]
    public void Read_NotAMidiFile_NamesThePath()
    {
        using var dir = new TempDirectory();
        string path = dir.File("text.mid");
        File.WriteAllText(path, "this is not MIDI at all");
        var e = Assert.Throws<InvalidDataException>(() => MidiReader.Read(path));
        Assert.Equal($"{path}: byte 0: not a Standard MIDI file (expected the 'MThd' header chunk).", e.Message);
    }

    private static void AssertMessage(string source, string message) =>
        Assert.Matches(MessagePattern(), message.StartsWith(source + ": ", StringComparison.Ordinal) ? message[(source.Length + 2)..] : "missing source: " + message);

    [GeneratedRegex(@"^byte \d+: \S")]
    private static partial Regex MessagePattern();
}
