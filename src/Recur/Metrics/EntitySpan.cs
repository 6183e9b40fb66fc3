namespace Recur.Metrics;

/// <summary>One entity (chunk) of a tagged sentence: tokens <see cref="Start"/> to <see cref="End"/> − 1 of one type.</summary>
/// <param name="Type">The entity type, the tag without its B-/I-/E-/S- prefix (e.g. <c>PER</c>).</param>
/// <param name="Start">First token, 0-based.</param>
/// <param name="End">One past the last token.</param>
public readonly record struct EntitySpan(string Type, int Start, int End)
{
    /// <summary>Number of tokens.</summary>
    public int Length => End - Start;
}
