using Recur.IO;
using Recur.Models;

namespace Recur.Tests.IO;

public sealed class MidiRollConverterTests
{
    [Fact]
    public void ToRoll_SamplesEachFrameAtItsGridInstant()
    {
        // 480 ticks per quarter, 4 frames per quarter: frame k is the instant k·120.
        var midi = new MidiFile(480,
        [
            new MidiNote(60, 0, 240),      // sounds at 0 and 120: frames 0, 1
            new MidiNote(62, 250, 300),    // between grid instants: in no frame
            new MidiNote(64, 119, 121),    // covers 120: frame 1
            new MidiNote(65, 360, 600),    // 360, 480: frames 3, 4 (ends at 600, the instant of frame 5)
            new MidiNote(36, 0, 600, channel: MidiRollConverter.PercussionChannel),
        ], endTick: 700);
        var roll = MidiRollConverter.ToRoll(midi, 4);
        int[][] expected = [[60], [60, 64], [], [65], [65], []]; // ⌈700·4/480⌉ = 6 frames
        Assert.Equal(expected, roll.ToArrays());
        Assert.Equal([36, 60], MidiRollConverter.ToRoll(midi, 4, includePercussion: true).Frame(0).ToArray());
    }

    [Fact]
    public void ToRoll_MoreFramesThanAllowed_ThrowsInvalidDataNamingTheSource()
    {
        var midi = new MidiFile(1, [new MidiNote(60, 0, 5_000_000)]);
        var e = Assert.Throws<InvalidDataException>(() => MidiRollConverter.ToRoll(midi, 1, source: "long.mid"));
        Assert.StartsWith("long.mid: the piece lasts 5,000,000 frames", e.Message);
    }

    [Fact]
    public void FromRoll_HeldPitchIsOneNote_RepeatedAfterARestIsTwo()
    {
        var roll = new PianoRoll([[60], [60], [], [60]]);
        var midi = MidiRollConverter.FromRoll(roll, 2, beatsPerMinute: 60, velocity: 99, channel: 2);
        Assert.Equal(240, midi.TicksPerQuarter);
        Assert.Equal([new MidiNote(60, 0, 240, 99, 2), new MidiNote(60, 360, 480, 99, 2)], midi.Notes);
        Assert.Equal([new MidiTempo(0, 1_000_000)], midi.Tempos);
        Assert.Equal(480, midi.EndTick);
    }

    [Theory]
    [InlineData(0, 120.0, 80)]
    [InlineData(274, 120.0, 80)]
    [InlineData(1, 0.0, 80)]
    [InlineData(1, 120.0, 0)]
    [InlineData(1, 120.0, 128)]
    public void FromRoll_ValueOutOfRange_ThrowsArgument(int framesPerQuarter, double bpm, int velocity)
    {
        Assert.Throws<ArgumentException>(() => MidiRollConverter.FromRoll(new PianoRoll([]), framesPerQuarter, bpm, velocity));
    }
}
