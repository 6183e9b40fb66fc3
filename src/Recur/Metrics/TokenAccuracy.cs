namespace Recur.Metrics;

/// <summary>The fraction of items (tokens, examples) whose predicted label equals the gold one, accumulated over calls.</summary>
public sealed class TokenAccuracy
{
    /// <summary>Items whose prediction was right.</summary>
    public long Correct { get; private set; }

    /// <summary>Items counted.</summary>
    public long Total { get; private set; }

    /// <summary>Correct / Total in [0, 1]; NaN before anything is counted.</summary>
    public double Value => Total == 0 ? double.NaN : (double)Correct / Total;

    /// <summary>Counts one item.</summary>
    public void Add(bool correct)
    {
        Total++;
        if (correct) Correct++;
    }

    /// <summary>Counts the items of one sequence, position by position.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public void Add<TLabel>(ReadOnlySpan<TLabel> gold, ReadOnlySpan<TLabel> predicted) where TLabel : IEquatable<TLabel>
    {
        if (gold.Length != predicted.Length)
            throw new ArgumentException($"{gold.Length} gold labels but {predicted.Length} predicted ones.", nameof(predicted));
        for (int i = 0; i < gold.Length; i++) Add(gold[i].Equals(predicted[i]));
    }
}
