using System.Buffers.Binary;

namespace Recur.IO;

/// <summary>
/// Writes a <see cref="MidiFile"/> as a Standard MIDI file of format 1 that any player opens: a header chunk, a
/// conductor track (time signature 4/4 and every tempo change, 120 bpm when the file has none) and one note track
/// (a note-on and a note-off per note, on the note's channel; at one tick note-offs come before note-ons), each ending
/// with an end-of-track event at <see cref="MidiFile.EndTick"/>. Chunk lengths are computed from the bytes written;
/// running status is not used.
/// </summary>
public static class MidiWriter
{
    /// <summary>The largest delta time a variable-length quantity holds (28 bits).</summary>
    public const int MaxDelta = 0x0FFFFFFF;

    /// <summary>Writes <paramref name="midi"/> to <paramref name="path"/> atomically (a temporary file, then moved).</summary>
    /// <exception cref="ArgumentException">Two events are further apart than <see cref="MaxDelta"/> ticks.</exception>
    public static void Write(string path, MidiFile midi)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ToBytes(midi);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>The bytes of the Standard MIDI file.</summary>
    /// <exception cref="ArgumentException">Two events are further apart than <see cref="MaxDelta"/> ticks.</exception>
    public static byte[] ToBytes(MidiFile midi)
    {
        ArgumentNullException.ThrowIfNull(midi);
        using var output = new MemoryStream();
        Span<byte> header = stackalloc byte[14];
        "MThd"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], 6);
        BinaryPrimitives.WriteUInt16BigEndian(header[8..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], 2);
        BinaryPrimitives.WriteUInt16BigEndian(header[12..], (ushort)midi.TicksPerQuarter);
        output.Write(header);
        WriteChunk(output, ConductorTrack(midi));
        WriteChunk(output, NoteTrack(midi));
        return output.ToArray();
    }

    private static byte[] ConductorTrack(MidiFile midi)
    {
        var track = new TrackBuilder();
        // Time signature 4/4: numerator 4, denominator 2^2, 24 MIDI clocks per metronome click, 8 32nd notes per quarter.
        track.Meta(0, 0x58, [4, 2, 24, 8]);
        var tempos = midi.Tempos.Count > 0 ? midi.Tempos : [new MidiTempo(0, MidiFile.DefaultMicrosecondsPerQuarter)];
        foreach (var t in tempos)
        {
            int us = t.MicrosecondsPerQuarter;
            track.Meta(t.Tick, 0x51, [(byte)(us >> 16), (byte)(us >> 8), (byte)us]);
        }
        track.Meta(Math.Max(midi.EndTick, track.Tick), 0x2F, []);
        return track.ToArray();
    }

    private static byte[] NoteTrack(MidiFile midi)
    {
        // Key: tick, then off (0) before on (1), then pitch and channel, so a note that ends where the next begins is re-struck.
        var events = new List<(long Tick, int On, int Pitch, int Channel, int Velocity)>(midi.Notes.Count * 2);
        foreach (var n in midi.Notes)
        {
            events.Add((n.StartTick, 1, n.Pitch, n.Channel, n.Velocity));
            events.Add((n.EndTick, 0, n.Pitch, n.Channel, 0));
        }
        events.Sort();
        var track = new TrackBuilder();
        foreach (var e in events)
        {
            if (e.On == 1) track.Channel(e.Tick, 0x90 | e.Channel, e.Pitch, e.Velocity);
            else track.Channel(e.Tick, 0x80 | e.Channel, e.Pitch, 64);
        }
        track.Meta(midi.EndTick, 0x2F, []);
        return track.ToArray();
    }

    private static void WriteChunk(Stream output, byte[] track)
    {
        Span<byte> header = stackalloc byte[8];
        "MTrk"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)track.Length);
        output.Write(header);
        output.Write(track);
    }

    private sealed class TrackBuilder
    {
        private readonly MemoryStream _bytes = new();

        public long Tick { get; private set; }

        public void Meta(long tick, byte type, ReadOnlySpan<byte> data)
        {
            Delta(tick);
            _bytes.WriteByte(0xFF);
            _bytes.WriteByte(type);
            VarLength(data.Length);
            _bytes.Write(data);
        }

        public void Channel(long tick, int status, int data1, int data2)
        {
            Delta(tick);
            _bytes.WriteByte((byte)status);
            _bytes.WriteByte((byte)data1);
            _bytes.WriteByte((byte)data2);
        }

        public byte[] ToArray() => _bytes.ToArray();

        private void Delta(long tick)
        {
            long delta = tick - Tick;
            if (delta > MaxDelta)
                throw new ArgumentException($"Events at ticks {Tick} and {tick} are more than {MaxDelta} ticks apart, which a MIDI delta time cannot hold.", nameof(tick));
            VarLength((int)delta);
            Tick = tick;
        }

        // 7 bits per byte, most significant first; every byte but the last has its high bit set.
        private void VarLength(int value)
        {
            Span<byte> buffer = stackalloc byte[4];
            int i = 3;
            buffer[i] = (byte)(value & 0x7F);
            while ((value >>= 7) > 0) buffer[--i] = (byte)(0x80 | (value & 0x7F));
            _bytes.Write(buffer[i..]);
        }
    }
}
