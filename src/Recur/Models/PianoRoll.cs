namespace Recur.Models;

/// <summary>
/// A polyphonic piano roll: a sequence of frames at a fixed time resolution (e.g. one frame per quarter note), each
/// the set of MIDI pitches (0–127) sounding in it. A frame holds its pitches sorted and distinct; an empty frame is a
/// rest. Held and repeated notes are not distinguished: a pitch on in consecutive frames is one held note.
/// </summary>
public sealed class PianoRoll
{
    /// <summary>The highest MIDI pitch.</summary>
    public const int MaxPitch = 127;

    private readonly int[] _pitches;
    private readonly int[] _starts;

    /// <summary>Creates a roll from its frames; each frame's pitches are sorted and duplicates dropped.</summary>
    /// <param name="frames">Frames in time order, each the pitches (0–127) sounding in it.</param>
    /// <exception cref="ArgumentException">A frame is null or a pitch is outside 0–127.</exception>
    public PianoRoll(IEnumerable<IEnumerable<int>> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var pitches = new List<int>();
        var starts = new List<int> { 0 };
        // The pitches of a frame as bits of a 128-bit mask: sorted and without duplicates, allocating nothing per frame.
        foreach (var f in frames)
        {
            if (f is null) throw new ArgumentException($"Frame {starts.Count - 1} is null.", nameof(frames));
            UInt128 frame = 0;
            if (f is int[] array) Add(ref frame, array, starts.Count - 1);
            else if (f is List<int> list) Add(ref frame, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list), starts.Count - 1);
            else foreach (int p in f) Add(ref frame, [p], starts.Count - 1);
            for (; frame != 0; frame &= frame - 1) pitches.Add((int)UInt128.TrailingZeroCount(frame));
            starts.Add(pitches.Count);
        }
        _pitches = pitches.ToArray();
        _starts = starts.ToArray();
    }

    private PianoRoll(int[] pitches, int[] starts)
    {
        _pitches = pitches;
        _starts = starts;
    }

    /// <summary>A roll from one 128-bit mask per frame (bit p: pitch p sounds), in arrays of exactly its size.</summary>
    internal static PianoRoll FromMasks(ReadOnlySpan<UInt128> masks)
    {
        long count = 0;
        foreach (var m in masks) count += (long)UInt128.PopCount(m);
        var pitches = new int[count];
        var starts = new int[masks.Length + 1];
        int at = 0;
        for (int k = 0; k < masks.Length; k++)
        {
            for (var m = masks[k]; m != 0; m &= m - 1) pitches[at++] = (int)UInt128.TrailingZeroCount(m);
            starts[k + 1] = at;
        }
        return new PianoRoll(pitches, starts);
    }

    private static void Add(ref UInt128 frame, ReadOnlySpan<int> pitches, int index)
    {
        foreach (int p in pitches)
        {
            if ((uint)p > MaxPitch)
                throw new ArgumentException($"Frame {index} has pitch {p}, outside 0–{MaxPitch}.", "frames");
            frame |= UInt128.One << p;
        }
    }

    /// <summary>Number of frames.</summary>
    public int FrameCount => _starts.Length - 1;

    /// <summary>Number of (frame, pitch) pairs that sound: the ones of the multi-hot roll.</summary>
    public int NoteFrameCount => _pitches.Length;

    /// <summary>The lowest pitch anywhere in the roll, or null for a silent roll.</summary>
    public int? LowestPitch => _pitches.Length == 0 ? null : _pitches.Min();

    /// <summary>The highest pitch anywhere in the roll, or null for a silent roll.</summary>
    public int? HighestPitch => _pitches.Length == 0 ? null : _pitches.Max();

    /// <summary>The sorted pitches of frame <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside 0..FrameCount−1.</exception>
    public ReadOnlySpan<int> Frame(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, FrameCount);
        return _pitches.AsSpan(_starts[index], _starts[index + 1] - _starts[index]);
    }

    /// <summary>Whether <paramref name="pitch"/> sounds in frame <paramref name="index"/>.</summary>
    public bool Contains(int index, int pitch) => Frame(index).BinarySearch(pitch) >= 0;

    /// <summary>Frames <paramref name="start"/>..<paramref name="start"/>+<paramref name="count"/>−1 as a new roll.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the roll.</exception>
    public PianoRoll Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + (long)count, FrameCount, nameof(count));
        return new PianoRoll(Enumerable.Range(start, count).Select(i => Frame(i).ToArray()));
    }

    /// <summary>The frames as arrays of sorted pitches.</summary>
    public int[][] ToArrays() => Enumerable.Range(0, FrameCount).Select(i => Frame(i).ToArray()).ToArray();
}
