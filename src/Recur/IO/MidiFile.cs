namespace Recur.IO;

/// <summary>
/// The musical content of a Standard MIDI file: its notes, tempo map and time base. Read with
/// <see cref="MidiReader"/>, written with <see cref="MidiWriter"/>. Notes of one channel and pitch never overlap (a
/// note-on of a sounding note ends the earlier note there, as <see cref="MidiReader"/> reads it).
/// </summary>
public sealed class MidiFile
{
    /// <summary>The tempo of a file without tempo events: 500,000 µs per quarter note, 120 beats per minute.</summary>
    public const int DefaultMicrosecondsPerQuarter = 500_000;

    /// <summary>The largest time division a file can state in ticks per quarter note (15 bits).</summary>
    public const int MaxTicksPerQuarter = 0x7FFF;

    /// <summary>Creates the content of a file.</summary>
    /// <param name="ticksPerQuarter">Time division: ticks per quarter note, 1–32767.</param>
    /// <param name="notes">The notes, in any order; sorted here by start tick, pitch and channel.</param>
    /// <param name="tempos">Tempo changes, in any order (of two at one tick the later one in the sequence wins); null or
    /// empty for the default 120 beats per minute.</param>
    /// <param name="endTick">Length of the piece in ticks (where the end-of-track events go); null for the end of the
    /// last note. Lets a piece end with a rest.</param>
    /// <exception cref="ArgumentException">The division is out of range, notes of one channel and pitch overlap, or
    /// <paramref name="endTick"/> is before the end of a note.</exception>
    public MidiFile(int ticksPerQuarter, IEnumerable<MidiNote> notes, IEnumerable<MidiTempo>? tempos = null, long? endTick = null)
    {
        ArgumentNullException.ThrowIfNull(notes);
        if (ticksPerQuarter is < 1 or > MaxTicksPerQuarter)
            throw new ArgumentException($"Ticks per quarter note must be in 1–{MaxTicksPerQuarter}, got {ticksPerQuarter}.", nameof(ticksPerQuarter));
        TicksPerQuarter = ticksPerQuarter;
        var sorted = notes.ToList();
        sorted.Sort((a, b) => a.StartTick != b.StartTick ? a.StartTick.CompareTo(b.StartTick)
            : a.Pitch != b.Pitch ? a.Pitch.CompareTo(b.Pitch) : a.Channel.CompareTo(b.Channel));
        var lastEnd = new long[16 * 128];
        long end = 0;
        foreach (var note in sorted)
        {
            int key = note.Channel * 128 + note.Pitch;
            if (note.StartTick < lastEnd[key])
                throw new ArgumentException($"Notes of pitch {note.Pitch} on channel {note.Channel} overlap at tick {note.StartTick}.", nameof(notes));
            lastEnd[key] = note.EndTick;
            end = Math.Max(end, note.EndTick);
        }
        Notes = sorted.AsReadOnly();
        // A stable sort by tick, then the last change at each tick.
        var changes = (tempos ?? []).Select((t, i) => (t, i)).OrderBy(p => p.t.Tick).ThenBy(p => p.i).Select(p => p.t).ToList();
        var kept = new List<MidiTempo>();
        foreach (var t in changes)
        {
            if (kept.Count > 0 && kept[^1].Tick == t.Tick) kept[^1] = t;
            else kept.Add(t);
        }
        Tempos = kept.AsReadOnly();
        if (endTick is long e)
        {
            if (e < end) throw new ArgumentException($"End tick {e} is before the end of the last note ({end}).", nameof(endTick));
            end = e;
        }
        EndTick = end;
    }

    /// <summary>Ticks per quarter note.</summary>
    public int TicksPerQuarter { get; }

    /// <summary>The notes, sorted by start tick, then pitch, then channel.</summary>
    public IReadOnlyList<MidiNote> Notes { get; }

    /// <summary>Tempo changes sorted by tick, at most one per tick; empty means 120 beats per minute throughout.</summary>
    public IReadOnlyList<MidiTempo> Tempos { get; }

    /// <summary>Length in ticks: the latest end-of-track of a read file, at least the end of the last note.</summary>
    public long EndTick { get; }

    /// <summary>The SMF format of a read file (0 or 1); files are written as format 1.</summary>
    public int Format { get; init; } = 1;

    /// <summary>The number of track chunks of a read file.</summary>
    public int TrackCount { get; init; }
}
