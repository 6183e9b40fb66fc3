namespace Recur.IO;

/// <summary>One note of a Standard MIDI file: a pitch sounding on a channel from one tick to a later one.</summary>
public readonly record struct MidiNote
{
    /// <summary>Creates a note.</summary>
    /// <param name="pitch">MIDI note number, 0–127 (60 is middle C).</param>
    /// <param name="startTick">Tick of the note-on, ≥ 0.</param>
    /// <param name="endTick">Tick of the note-off, after <paramref name="startTick"/>.</param>
    /// <param name="velocity">Note-on velocity, 1–127 (0 would mean note-off).</param>
    /// <param name="channel">Channel, 0–15 (9 is General MIDI percussion).</param>
    /// <exception cref="ArgumentException">A value is out of range, or the note does not end after it starts.</exception>
    public MidiNote(int pitch, long startTick, long endTick, int velocity = 80, int channel = 0)
    {
        if ((uint)pitch > 127) throw new ArgumentException($"Pitch must be in 0–127, got {pitch}.", nameof(pitch));
        if (startTick < 0) throw new ArgumentException($"Start tick must be ≥ 0, got {startTick}.", nameof(startTick));
        if (endTick <= startTick) throw new ArgumentException($"A note must end after it starts, got ticks {startTick}–{endTick}.", nameof(endTick));
        if (velocity is < 1 or > 127) throw new ArgumentException($"Velocity must be in 1–127, got {velocity}.", nameof(velocity));
        if ((uint)channel > 15) throw new ArgumentException($"Channel must be in 0–15, got {channel}.", nameof(channel));
        Pitch = pitch;
        StartTick = startTick;
        EndTick = endTick;
        Velocity = velocity;
        Channel = channel;
    }

    /// <summary>MIDI note number, 0–127.</summary>
    public int Pitch { get; }

    /// <summary>Tick of the note-on.</summary>
    public long StartTick { get; }

    /// <summary>Tick of the note-off (exclusive end).</summary>
    public long EndTick { get; }

    /// <summary>Note-on velocity, 1–127.</summary>
    public int Velocity { get; }

    /// <summary>Channel, 0–15.</summary>
    public int Channel { get; }
}
