using System.Buffers.Binary;
using System.Globalization;

namespace Recur.IO;

/// <summary>
/// Reads Standard MIDI files (SMF format 0 and 1, time division in ticks per quarter note) into a <see cref="MidiFile"/>:
/// notes from note-on/note-off pairs (running status honoured, note-on with velocity 0 is a note-off), tempo changes
/// from meta event 0x51; other channel messages, meta events, sysex events and unknown chunks are skipped by their
/// stated lengths. A note-on of a note already sounding on that channel ends it there and starts a new one; a note-off
/// of a silent note is ignored; a note still sounding at the end of its track ends there; a note of zero length is
/// dropped; overlapping notes of one channel and pitch from different tracks are merged into one. A track may lack its end-of-track event (it then ends with its chunk).
/// Every malformed byte raises <see cref="InvalidDataException"/> naming the file and the byte offset; every length is
/// checked against the bytes that remain before it is used, so a corrupt length never causes a large allocation.
/// </summary>
public static class MidiReader
{
    /// <summary>The largest file <see cref="Read(string)"/> accepts (64 MiB).</summary>
    public const long MaxFileBytes = 64L << 20;

    /// <summary>Reads a Standard MIDI file.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid format 0 or 1 SMF with a ticks-per-quarter division.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static MidiFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        InputFile.Check(path, "MIDI file");
        long length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
            throw new InvalidDataException($"{path}: {length:N0} bytes is more than a MIDI file may have here ({MaxFileBytes:N0}).");
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses the bytes of a Standard MIDI file.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="source">Name used in error messages (e.g. the path).</param>
    /// <exception cref="InvalidDataException">The bytes are not a valid format 0 or 1 SMF with a ticks-per-quarter division.</exception>
    public static MidiFile Parse(ReadOnlySpan<byte> data, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (data.Length < 14 || !data[..4].SequenceEqual("MThd"u8))
            throw Error(source, 0, data.Length < 4 || !data[..4].SequenceEqual("MThd"u8)
                ? "not a Standard MIDI file (expected the 'MThd' header chunk)"
                : $"the file ends inside the header chunk ({data.Length} bytes)");
        uint headerLength = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        if (headerLength < 6) throw Error(source, 4, $"header chunk length {headerLength} is less than 6");
        if (headerLength > (uint)(data.Length - 8))
            throw Error(source, 4, $"header chunk length {headerLength} runs past the end of the file ({data.Length - 8} bytes remain)");
        int format = BinaryPrimitives.ReadUInt16BigEndian(data[8..]);
        int declaredTracks = BinaryPrimitives.ReadUInt16BigEndian(data[10..]);
        int division = BinaryPrimitives.ReadUInt16BigEndian(data[12..]);
        if (format > 2) throw Error(source, 8, $"unknown SMF format {format}");
        if (format == 2) throw Error(source, 8, "SMF format 2 (independent sequences) is not supported; expected format 0 or 1");
        if (declaredTracks == 0) throw Error(source, 10, "the header declares no tracks");
        if (format == 0 && declaredTracks != 1) throw Error(source, 10, $"a format 0 file has one track, the header declares {declaredTracks}");
        if ((division & 0x8000) != 0) throw Error(source, 12, "SMPTE time division is not supported; expected ticks per quarter note");
        if (division == 0) throw Error(source, 12, "time division of 0 ticks per quarter note");

        var state = new TrackState();
        int tracks = 0;
        long position = 8 + headerLength;
        while (position < data.Length)
        {
            // Once every declared track is read, trailing bytes that do not form a chunk (padding) are ignored.
            bool chunkFollows = data.Length - position >= 8 && IsPrintable(data.Slice((int)position, 4));
            if (tracks >= declaredTracks && !chunkFollows) break;
            if (data.Length - position < 8)
                throw Error(source, position, $"the file ends inside a chunk header ({data.Length - position} bytes remain, 8 needed)");
            var id = data.Slice((int)position, 4);
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[(int)(position + 4)..]);
            long body = position + 8;
            if (length > data.Length - body)
                throw Error(source, position + 4, $"chunk '{ChunkName(id)}' declares {length:N0} bytes but only {data.Length - body:N0} remain");
            if (id.SequenceEqual("MTrk"u8))
            {
                ReadTrack(data.Slice((int)body, (int)length), (int)body, source, state);
                tracks++;
            }
            else if (!IsPrintable(id))
                throw Error(source, position, $"expected a chunk ('MTrk'), found bytes {Convert.ToHexString(id)}");
            position = body + length;
        }
        if (tracks < declaredTracks)
            throw Error(source, data.Length, $"the header declares {declaredTracks} tracks but the file holds {tracks} (truncated?)");
        try
        {
            return new MidiFile(division, MergeOverlaps(state.Notes), state.Tempos, state.EndTick) { Format = format, TrackCount = tracks };
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }
    }

    private sealed class TrackState
    {
        public readonly List<MidiNote> Notes = [];
        public readonly List<MidiTempo> Tempos = [];
        public readonly long[] OnTick = new long[16 * 128];
        public readonly byte[] OnVelocity = new byte[16 * 128];
        public long EndTick;
    }

    private static void ReadTrack(ReadOnlySpan<byte> track, int baseOffset, string source, TrackState state)
    {
        // −1 marks a silent (channel, pitch).
        state.OnTick.AsSpan().Fill(-1);
        long tick = 0;
        int p = 0, running = 0;
        while (p < track.Length)
        {
            tick += ReadVarLength(track, ref p, baseOffset, source, "delta time");
            if (p >= track.Length) throw Error(source, baseOffset + p, "the track ends after a delta time, without its event");
            int eventOffset = p;
            int status = track[p];
            if (status >= 0x80) p++;
            else if (running == 0) throw Error(source, baseOffset + p, $"data byte 0x{status:X2} without a status byte (no running status in effect)");
            else status = running;

            if (status == 0xFF)
            {
                // Meta and sysex events cancel running status.
                running = 0;
                if (p >= track.Length) throw Error(source, baseOffset + p, "the track ends inside a meta event");
                int type = track[p++];
                int length = ReadLength(track, ref p, baseOffset, source, "meta event");
                var payload = track.Slice(p, length);
                p += length;
                if (type == 0x2F)
                {
                    // End of track: bytes after it belong to no event and are ignored.
                    break;
                }
                if (type == 0x51)
                {
                    if (length != 3) throw Error(source, baseOffset + eventOffset, $"a tempo event has 3 data bytes, this one {length}");
                    int micros = (payload[0] << 16) | (payload[1] << 8) | payload[2];
                    if (micros == 0) throw Error(source, baseOffset + eventOffset, "tempo of 0 µs per quarter note");
                    state.Tempos.Add(new MidiTempo(tick, micros));
                }
                continue;
            }
            if (status is 0xF0 or 0xF7)
            {
                running = 0;
                int length = ReadLength(track, ref p, baseOffset, source, "sysex event");
                p += length;
                continue;
            }
            if (status >= 0xF0)
                throw Error(source, baseOffset + eventOffset, $"status byte 0x{status:X2} (a system message) cannot appear in a file");

            running = status;
            int kind = status & 0xF0, channel = status & 0x0F;
            int dataBytes = kind is 0xC0 or 0xD0 ? 1 : 2;
            if (track.Length - p < dataBytes)
                throw Error(source, baseOffset + p, $"the track ends inside a channel message (status 0x{status:X2})");
            for (int i = 0; i < dataBytes; i++)
            {
                if (track[p + i] >= 0x80)
                    throw Error(source, baseOffset + p + i, $"byte 0x{track[p + i]:X2} where a data byte (below 0x80) of status 0x{status:X2} belongs");
            }
            int pitch = track[p], velocity = dataBytes == 2 ? track[p + 1] : 0;
            p += dataBytes;
            if (kind == 0x90 && velocity > 0)
            {
                EndNote(state, channel, pitch, tick);
                state.OnTick[channel * 128 + pitch] = tick;
                state.OnVelocity[channel * 128 + pitch] = (byte)velocity;
            }
            else if (kind is 0x80 or 0x90)
            {
                EndNote(state, channel, pitch, tick);
            }
        }
        for (int key = 0; key < state.OnTick.Length; key++)
            if (state.OnTick[key] >= 0) EndNote(state, key / 128, key % 128, tick);
        state.EndTick = Math.Max(state.EndTick, tick);
    }

    private static void EndNote(TrackState state, int channel, int pitch, long tick)
    {
        int key = channel * 128 + pitch;
        long start = state.OnTick[key];
        if (start < 0) return;
        state.OnTick[key] = -1;
        if (tick > start) state.Notes.Add(new MidiNote(pitch, start, tick, state.OnVelocity[key], channel));
    }

    /// <summary>
    /// Notes of one channel and pitch from different tracks may overlap (two voices in unison); each overlapping group
    /// becomes one note from the first start to the last end, with the first note's velocity.
    /// </summary>
    private static List<MidiNote> MergeOverlaps(List<MidiNote> notes)
    {
        notes.Sort((a, b) => a.Channel != b.Channel ? a.Channel.CompareTo(b.Channel)
            : a.Pitch != b.Pitch ? a.Pitch.CompareTo(b.Pitch) : a.StartTick.CompareTo(b.StartTick));
        var merged = new List<MidiNote>(notes.Count);
        foreach (var note in notes)
        {
            if (merged.Count > 0 && merged[^1] is var last && last.Channel == note.Channel && last.Pitch == note.Pitch && note.StartTick < last.EndTick)
            {
                if (note.EndTick > last.EndTick) merged[^1] = new MidiNote(last.Pitch, last.StartTick, note.EndTick, last.Velocity, last.Channel);
                continue;
            }
            merged.Add(note);
        }
        return merged;
    }

    /// <summary>A variable-length quantity: 7 bits per byte, high bit set on all but the last, at most 4 bytes.</summary>
    private static int ReadVarLength(ReadOnlySpan<byte> track, ref int p, int baseOffset, string source, string what)
    {
        int start = p, value = 0;
        for (int i = 0; i < 4; i++)
        {
            if (p >= track.Length) throw Error(source, baseOffset + p, $"the track ends inside a variable-length {what}");
            int b = track[p++];
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) return value;
        }
        throw Error(source, baseOffset + start, $"variable-length {what} longer than 4 bytes");
    }

    private static int ReadLength(ReadOnlySpan<byte> track, ref int p, int baseOffset, string source, string what)
    {
        int at = p;
        int length = ReadVarLength(track, ref p, baseOffset, source, what + " length");
        if (length > track.Length - p)
            throw Error(source, baseOffset + at, $"{what} declares {length:N0} bytes but the track has {track.Length - p:N0} left");
        return length;
    }

    private static bool IsPrintable(ReadOnlySpan<byte> id)
    {
        foreach (byte b in id)
            if (b is < 0x20 or > 0x7E) return false;
        return true;
    }

    private static string ChunkName(ReadOnlySpan<byte> id) =>
        IsPrintable(id) ? System.Text.Encoding.ASCII.GetString(id) : Convert.ToHexString(id);

    private static InvalidDataException Error(string source, long offset, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{source}: byte {offset}: {message}."));
}
