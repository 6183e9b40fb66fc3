namespace Recur.Text;

/// <summary>
/// Batches a token stream for truncated back-propagation through time, as Zaremba et al.: the stream is cut into
/// B parallel streams (stream b is the contiguous slice b of length L = ⌊N/B⌋; the tail is dropped), read in
/// consecutive windows of <see cref="SequenceLength"/> steps with inputs ids[i..i+T) and targets ids[i+1..i+T+1).
/// The last window may be shorter. Every window but the first of an epoch sets <see cref="TokenBatch.CarriesState"/>.
/// </summary>
public sealed class StreamBatcher
{
    private readonly ReadOnlyMemory<int> _tokens;

    /// <summary>Creates a batcher at the first window.</summary>
    /// <param name="tokens">The stream of ids (held, not copied).</param>
    /// <param name="batchSize">B, the number of parallel streams (≥ 1).</param>
    /// <param name="sequenceLength">T, the steps of a window (≥ 1).</param>
    /// <exception cref="ArgumentException">A size is not positive, or the stream is too short to give each of the B streams two tokens.</exception>
    public StreamBatcher(ReadOnlyMemory<int> tokens, int batchSize, int sequenceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequenceLength);
        int streamLength = tokens.Length / batchSize;
        if (streamLength < 2)
        {
            throw new ArgumentException(
                $"A corpus of {tokens.Length} tokens is too short for batch {batchSize}: each stream needs at least 2 tokens.",
                nameof(tokens));
        }

        _tokens = tokens;
        BatchSize = batchSize;
        SequenceLength = sequenceLength;
        StreamLength = streamLength;
        WindowCount = (streamLength - 1 + sequenceLength - 1) / sequenceLength;
    }

    /// <summary>B, the number of parallel streams.</summary>
    public int BatchSize { get; }

    /// <summary>T, the steps of a full window.</summary>
    public int SequenceLength { get; }

    /// <summary>L = ⌊N/B⌋, the tokens of each stream.</summary>
    public int StreamLength { get; }

    /// <summary>Windows per epoch: ⌈(L − 1) / T⌉.</summary>
    public int WindowCount { get; }

    /// <summary>The index of the next window (0..<see cref="WindowCount"/>).</summary>
    public int Position { get; private set; }

    /// <summary>Goes back to the first window, starting a new epoch.</summary>
    public void Reset() => Position = 0;

    /// <summary>Moves to window <paramref name="window"/>, as if that many had been taken (to resume mid-epoch).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is outside 0..<see cref="WindowCount"/>.</exception>
    public void Seek(int window)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(window, WindowCount);
        Position = window;
    }

    /// <summary>Fills <paramref name="batch"/> with the next window; false when the epoch is over (call <see cref="Reset"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    public bool Next(TokenBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (Position >= WindowCount) return false;
        int b = BatchSize, l = StreamLength;
        int i = Position * SequenceLength;
        int steps = Math.Min(SequenceLength, l - 1 - i);
        batch.EnsureCapacity(steps, b);
        batch.CarriesState = Position > 0;
        var ids = _tokens.Span;
        var inputs = batch.InputSpan;
        var targets = batch.TargetSpan;
        for (int s = 0; s < b; s++)
        {
            var window = ids.Slice(s * l + i, steps + 1);
            for (int t = 0; t < steps; t++)
            {
                inputs[t * b + s] = window[t];
                targets[t * b + s] = window[t + 1];
            }
        }

        batch.LengthSpan.Fill(steps);
        Position++;
        return true;
    }
}
