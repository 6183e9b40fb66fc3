using Recur.IO;
using Recur.Training;

namespace Recur.Tests.IO.Fuzzing;

/// <summary>Inputs the fuzzer found, kept byte for byte in Fixtures/fuzz, with what they must do now.</summary>
public sealed class FuzzRegressionTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "fuzz", name);

    [Fact]
    public void LanguageModelLoad_CarriedStateBatchMutated_ThrowsBeforeAllocatingForIt()
    {
        // Found with RECUR_FUZZ_SEED=7 (input 5673): a valid checksum, state.batch turned into a large number, so that the
        // carried state's buffers were sized from it (33 MB for a 6 KB file) before its length was checked.
        string path = Fixture("language-model-state-batch.ckpt");
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => LanguageModelCheckpoint.Load(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.StartsWith($"{path}: invalid carried state: batch ", e.Message);
        Assert.True(allocated < 1L << 20, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void MidiToRoll_SeventySixBytesHoldingTwoLongNotes_AllocatesLittlePerFrame()
    {
        // Found with RECUR_FUZZ_SEED=7 (input 43572): a mutated delta time makes two notes last 65,446 frames at 4 per
        // quarter note; every frame then cost a sorted set and its enumerator in PianoRoll (26 MB for 76 bytes, which
        // the 1,048,576-frame limit would let grow to 400 MB). Now a frame is a 128-bit mask: under 128 bytes a frame.
        byte[] bytes = File.ReadAllBytes(Fixture("midi-long-notes.bin"));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var roll = MidiRollConverter.ToRoll(MidiReader.Parse(bytes, "long-notes.mid"), 4, source: "long-notes.mid");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(65_446, roll.FrameCount);
        Assert.Equal(130_890, roll.NoteFrameCount);
        Assert.True(allocated < 128L * roll.FrameCount, $"allocated {allocated:N0} bytes for {roll.FrameCount:N0} frames");
    }

    [Fact]
    public void MidiToRoll_EightNotesOfHalfAMillionFrames_AllocatesTheRollOnly()
    {
        // Found with RECUR_FUZZ_SEED=12 (input 9743): 107 bytes whose eight notes last 487,301 frames each; a list per
        // frame made that 117 MB. Now: a 16-byte mask and a 4-byte start per frame, 4 bytes per sounding pitch.
        byte[] bytes = File.ReadAllBytes(Fixture("midi-many-frames.bin"));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var roll = MidiRollConverter.ToRoll(MidiReader.Parse(bytes, "many-frames.mid"), 4, source: "many-frames.mid");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(487_301, roll.FrameCount);
        Assert.Equal(2_923_680, roll.NoteFrameCount);
        long expected = 20L * roll.FrameCount + 4L * roll.NoteFrameCount;
        Assert.True(allocated < expected + (1 << 20), $"allocated {allocated:N0} bytes, the roll itself {expected:N0}");
    }

    [Fact]
    public void MidiToRoll_NotesFillingMoreThanTheCap_ThrowsInvalidData()
    {
        // Twenty notes held for a million quarter notes at one frame per quarter: 20 million (frame, pitch) pairs.
        var notes = Enumerable.Range(40, 20).Select(p => new MidiNote(p, 0, 1_000_000, 80, 0)).ToList();
        var midi = new MidiFile(1, notes, [], 1_000_000);
        var e = Assert.Throws<InvalidDataException>(() => MidiRollConverter.ToRoll(midi, 1, source: "held.mid"));
        Assert.Equal("held.mid: the notes fill more than 16,777,216 (frame, pitch) pairs at 1 frames per quarter note.", e.Message);
    }
}
