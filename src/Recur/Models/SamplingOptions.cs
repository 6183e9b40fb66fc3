namespace Recur.Models;

/// <summary>How the next token is drawn from the model's distribution.</summary>
public sealed record SamplingOptions
{
    /// <summary>Divides the logits: below 1 sharper, above 1 flatter; must be positive (default 1).</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Keep only the K most probable tokens; 0 keeps all (default 0).</summary>
    public int TopK { get; init; }

    /// <summary>Keep the smallest set of most probable tokens whose probability reaches P (nucleus sampling); 1 keeps all (default 1).</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (!(Temperature > 0) || double.IsInfinity(Temperature))
            throw new ArgumentException($"Temperature must be a positive number, got {Temperature}.", nameof(Temperature));
        if (TopK < 0) throw new ArgumentException($"Top-k must be 0 (off) or positive, got {TopK}.", nameof(TopK));
        if (!(TopP > 0 && TopP <= 1)) throw new ArgumentException($"Top-p must be in (0, 1], got {TopP}.", nameof(TopP));
    }
}
