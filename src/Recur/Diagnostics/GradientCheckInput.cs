namespace Recur.Diagnostics;

/// <summary>The random problem a recurrent <see cref="GradientCheck"/> runs: T × B sequences with optional lengths.</summary>
/// <param name="Steps">T ≥ 1.</param>
/// <param name="Batch">B ≥ 1.</param>
public sealed record GradientCheckInput(int Steps, int Batch)
{
    /// <summary>[B] valid steps per sequence, each in 0..T, or null for all T.</summary>
    public int[]? Lengths { get; init; }

    /// <summary>Seed of the inputs, initial states and loss weights (default 1).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>For a stacked network with dropout: the seed of the masks, the same for every loss evaluation; null (default) for no dropout.</summary>
    public ulong? DropoutSeed { get; init; }

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A size or length is out of range.</exception>
    public void Validate()
    {
        if (Steps <= 0) throw new ArgumentException($"Steps must be positive, got {Steps}.", nameof(Steps));
        if (Batch <= 0) throw new ArgumentException($"Batch must be positive, got {Batch}.", nameof(Batch));
        if (Lengths is int[] lengths)
        {
            if (lengths.Length != Batch) throw new ArgumentException($"Expected {Batch} lengths, got {lengths.Length}.", nameof(Lengths));
            foreach (int length in lengths)
                if ((uint)length > (uint)Steps) throw new ArgumentException($"Length {length} is outside 0..{Steps}.", nameof(Lengths));
        }
    }
}
