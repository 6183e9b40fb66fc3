namespace Recur.Models;

/// <summary>
/// A batch of piano-roll sequences for a <see cref="MusicModel{T}"/>, time-major and multi-hot: frame t of sequence b
/// is row t·B + b of <see cref="Frames"/>, K bytes (1 where the pitch sounds). Step t reads frame t and predicts frame
/// t + 1, so a sequence of n frames has n − 1 steps (<see cref="Lengths"/>) and the batch holds
/// <see cref="Steps"/> + 1 frame rows; rows past a sequence's end are zero. Filled by <see cref="MusicBatchSource"/>;
/// its arrays only grow, so a steady training loop does not allocate.
/// </summary>
public sealed class PianoRollBatch
{
    /// <summary>T, the steps of the longest sequence (its frames − 1).</summary>
    public int Steps { get; private set; }

    /// <summary>B, the number of sequences.</summary>
    public int Size { get; private set; }

    /// <summary>K, pitches per frame.</summary>
    public int PitchCount { get; private set; }

    /// <summary>Multi-hot frames [(T + 1), B, K]; may be longer than the batch (use <see cref="FrameSpan"/>).</summary>
    public byte[] Frames { get; private set; } = [];

    /// <summary>Steps per sequence [B] (frames − 1); may be longer than the batch (use <see cref="LengthSpan"/>).</summary>
    public int[] Lengths { get; private set; } = [];

    /// <summary>The valid frames [(T + 1)·B·K].</summary>
    public Span<byte> FrameSpan => Frames.AsSpan(0, (Steps + 1) * Size * PitchCount);

    /// <summary>The valid lengths [B].</summary>
    public Span<int> LengthSpan => Lengths.AsSpan(0, Size);

    /// <summary>The predicted frames: Σ of the lengths.</summary>
    public int PredictedFrames
    {
        get
        {
            int n = 0;
            foreach (int length in LengthSpan) n += length;
            return n;
        }
    }

    /// <summary>Sets the shape and clears the frames, growing the arrays only when they are too short.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the batch is too large.</exception>
    public void Reset(int steps, int size, int pitchCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pitchCount);
        long cells = (steps + 1L) * size * pitchCount;
        if (cells > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(steps), $"A batch of {steps + 1} × {size} × {pitchCount} is too large.");
        if (Frames.Length < cells) Frames = new byte[cells];
        if (Lengths.Length < size) Lengths = new int[size];
        Steps = steps;
        Size = size;
        PitchCount = pitchCount;
        FrameSpan.Clear();
        LengthSpan.Clear();
    }

    /// <summary>Writes sequence <paramref name="b"/>: its frames from <paramref name="roll"/>, pitches relative to
    /// <paramref name="lowestPitch"/>, and its length, frames − 1.</summary>
    /// <exception cref="ArgumentException">The roll is longer than the batch or has a pitch outside the range.</exception>
    public void Set(int b, PianoRoll roll, int lowestPitch)
    {
        ArgumentNullException.ThrowIfNull(roll);
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(b, Size);
        if (roll.FrameCount < 1 || roll.FrameCount > Steps + 1)
            throw new ArgumentException($"A roll of {roll.FrameCount} frames does not fit a batch of {Steps} steps.", nameof(roll));
        int k = PitchCount;
        for (int t = 0; t < roll.FrameCount; t++)
        {
            var row = Frames.AsSpan((t * Size + b) * k, k);
            foreach (int pitch in roll.Frame(t))
            {
                int i = pitch - lowestPitch;
                if ((uint)i >= (uint)k)
                    throw new ArgumentException($"Pitch {pitch} in frame {t} is outside the model's range {lowestPitch}…{lowestPitch + k - 1}.", nameof(roll));
                row[i] = 1;
            }
        }
        Lengths[b] = roll.FrameCount - 1;
    }
}
