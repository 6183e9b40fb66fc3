using Recur.Models;

namespace Recur.IO;

/// <summary>
/// Converts between Standard MIDI content and piano rolls at a resolution of a whole number of frames per quarter note.
/// MIDI to roll: frame k samples the time k/r quarter notes (r frames per quarter); pitch p is on in frame k when a note
/// of p sounds at that instant (start ≤ k·TPQ/r &lt; end), which is how the Boulanger-Lewandowski data sets were
/// quantised ("the pitches heard on the temporal grid"); the roll runs to the file's end, rounded up to whole frames.
/// Roll to MIDI: runs of consecutive frames holding a pitch become one note (held and repeated notes are the same in a
/// roll), with <see cref="TicksPerFrame"/> ticks per frame; the conversion back gives the same roll.
/// </summary>
public static class MidiRollConverter
{
    /// <summary>Ticks per frame in written files: the division is 120·r ticks per quarter note.</summary>
    public const int TicksPerFrame = 120;

    /// <summary>The General MIDI percussion channel (channel 10, 0-based 9), skipped unless asked for.</summary>
    public const int PercussionChannel = 9;

    /// <summary>The default cap on the frames of one converted file (2²⁰), against absurd lengths in corrupt files.</summary>
    public const int DefaultMaxFrames = 1 << 20;

    /// <summary>
    /// The cap on the (frame, pitch) pairs that sound in one converted file (2²⁴, 64 MiB as indices): a few bytes of
    /// MIDI can hold notes thousands of frames long.
    /// </summary>
    public const int MaxNoteFrames = 1 << 24;

    /// <summary>Quantises MIDI notes to a piano roll.</summary>
    /// <param name="midi">The MIDI content.</param>
    /// <param name="framesPerQuarter">r, frames per quarter note (1 for the JSB chorales' quarter-note resolution), 1–960.</param>
    /// <param name="includePercussion">Keep notes on the percussion channel (default false: drums are not pitches).</param>
    /// <param name="maxFrames">The most frames the roll may have.</param>
    /// <param name="source">The file name for error messages.</param>
    /// <exception cref="ArgumentException"><paramref name="framesPerQuarter"/> or <paramref name="maxFrames"/> is out of range.</exception>
    /// <exception cref="InvalidDataException">The piece is longer than <paramref name="maxFrames"/> frames, or its notes
    /// fill more than <see cref="MaxNoteFrames"/> (frame, pitch) pairs.</exception>
    public static PianoRoll ToRoll(MidiFile midi, int framesPerQuarter, bool includePercussion = false, int maxFrames = DefaultMaxFrames, string source = "MIDI file")
    {
        ArgumentNullException.ThrowIfNull(midi);
        if (framesPerQuarter is < 1 or > 960) throw new ArgumentException($"Frames per quarter note must be in 1–960, got {framesPerQuarter}.", nameof(framesPerQuarter));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrames);
        long tpq = midi.TicksPerQuarter, r = framesPerQuarter;
        // Frames k with k·tpq/r < end: k < end·r/tpq, so ⌈end·r/tpq⌉ frames.
        long frames = (long)Math.Ceiling((double)midi.EndTick * r / tpq);
        if (frames > maxFrames)
            throw new InvalidDataException($"{source}: the piece lasts {frames:N0} frames at {framesPerQuarter} per quarter note, more than the {maxFrames:N0} allowed.");
        // Each frame's pitches as the bits of a 128-bit mask: 16 bytes a frame, whatever sounds in it.
        var masks = new UInt128[frames];
        long noteFrames = 0;
        foreach (var note in midi.Notes)
        {
            if (note.Channel == PercussionChannel && !includePercussion) continue;
            // start ≤ k·tpq/r < end  ⇔  start·r ≤ k·tpq < end·r
            long first = CeilDiv(note.StartTick * r, tpq), last = Math.Min(CeilDiv(note.EndTick * r, tpq) - 1, frames - 1);
            var bit = UInt128.One << note.Pitch;
            for (long k = first; k <= last; k++)
            {
                if ((masks[k] & bit) != 0) continue;
                masks[k] |= bit;
                if (++noteFrames > MaxNoteFrames)
                    throw new InvalidDataException($"{source}: the notes fill more than {MaxNoteFrames:N0} (frame, pitch) pairs at {framesPerQuarter} frames per quarter note.");
            }
        }
        return PianoRoll.FromMasks(masks);
    }

    /// <summary>Writes a piano roll as MIDI notes, one frame = <see cref="TicksPerFrame"/> ticks.</summary>
    /// <param name="roll">The roll.</param>
    /// <param name="framesPerQuarter">r, frames per quarter note, 1–273 (so that 120·r fits the 15-bit division).</param>
    /// <param name="beatsPerMinute">Tempo in quarter notes per minute (default 120).</param>
    /// <param name="velocity">Velocity of every note, 1–127 (default 80).</param>
    /// <param name="channel">Channel of every note, 0–15 (default 0, a piano in General MIDI).</param>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public static MidiFile FromRoll(PianoRoll roll, int framesPerQuarter, double beatsPerMinute = 120, int velocity = 80, int channel = 0)
    {
        ArgumentNullException.ThrowIfNull(roll);
        int maxRate = MidiFile.MaxTicksPerQuarter / TicksPerFrame;
        if (framesPerQuarter < 1 || framesPerQuarter > maxRate)
            throw new ArgumentException($"Frames per quarter note must be in 1–{maxRate}, got {framesPerQuarter}.", nameof(framesPerQuarter));
        if (velocity is < 1 or > 127) throw new ArgumentException($"Velocity must be in 1–127, got {velocity}.", nameof(velocity));
        if ((uint)channel > 15) throw new ArgumentException($"Channel must be in 0–15, got {channel}.", nameof(channel));
        var tempo = MidiTempo.FromBeatsPerMinute(0, beatsPerMinute);
        var notes = new List<MidiNote>();
        var started = new int[PianoRoll.MaxPitch + 1];
        started.AsSpan().Fill(-1);
        for (int k = 0; k <= roll.FrameCount; k++)
        {
            var frame = k < roll.FrameCount ? roll.Frame(k) : default;
            for (int p = 0; p <= PianoRoll.MaxPitch; p++)
            {
                bool on = frame.BinarySearch(p) >= 0;
                if (on && started[p] < 0) started[p] = k;
                else if (!on && started[p] >= 0)
                {
                    notes.Add(new MidiNote(p, (long)started[p] * TicksPerFrame, (long)k * TicksPerFrame, velocity, channel));
                    started[p] = -1;
                }
            }
        }
        return new MidiFile(TicksPerFrame * framesPerQuarter, notes, [tempo], (long)roll.FrameCount * TicksPerFrame);
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
