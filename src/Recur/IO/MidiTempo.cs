namespace Recur.IO;

/// <summary>A tempo change (meta event 0x51): from <see cref="Tick"/> on, a quarter note lasts <see cref="MicrosecondsPerQuarter"/> µs.</summary>
public readonly record struct MidiTempo
{
    /// <summary>The largest tempo value a meta event holds (24 bits).</summary>
    public const int MaxMicrosecondsPerQuarter = 0xFFFFFF;

    /// <summary>Creates a tempo change.</summary>
    /// <param name="tick">Tick it takes effect at, ≥ 0.</param>
    /// <param name="microsecondsPerQuarter">Length of a quarter note in µs, 1–16,777,215 (500,000 is 120 beats per minute).</param>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public MidiTempo(long tick, int microsecondsPerQuarter)
    {
        if (tick < 0) throw new ArgumentException($"Tick must be ≥ 0, got {tick}.", nameof(tick));
        if (microsecondsPerQuarter is < 1 or > MaxMicrosecondsPerQuarter)
            throw new ArgumentException($"Microseconds per quarter note must be in 1–{MaxMicrosecondsPerQuarter}, got {microsecondsPerQuarter}.", nameof(microsecondsPerQuarter));
        Tick = tick;
        MicrosecondsPerQuarter = microsecondsPerQuarter;
    }

    /// <summary>Tick the tempo takes effect at.</summary>
    public long Tick { get; }

    /// <summary>Length of a quarter note in microseconds.</summary>
    public int MicrosecondsPerQuarter { get; }

    /// <summary>Quarter notes per minute: 60,000,000 / <see cref="MicrosecondsPerQuarter"/>.</summary>
    public double BeatsPerMinute => 60_000_000.0 / MicrosecondsPerQuarter;

    /// <summary>The tempo nearest to <paramref name="beatsPerMinute"/> quarter notes per minute.</summary>
    /// <exception cref="ArgumentException">The tempo is not positive and finite or does not fit 24 bits (below about 3.58 bpm).</exception>
    public static MidiTempo FromBeatsPerMinute(long tick, double beatsPerMinute)
    {
        if (!(beatsPerMinute > 0) || double.IsInfinity(beatsPerMinute))
            throw new ArgumentException($"Beats per minute must be positive and finite, got {beatsPerMinute}.", nameof(beatsPerMinute));
        double micros = Math.Round(60_000_000.0 / beatsPerMinute);
        if (micros is < 1 or > MaxMicrosecondsPerQuarter)
            throw new ArgumentException($"{beatsPerMinute} beats per minute does not fit a MIDI tempo.", nameof(beatsPerMinute));
        return new MidiTempo(tick, (int)micros);
    }
}
