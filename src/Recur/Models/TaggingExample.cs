namespace Recur.Models;

/// <summary>One sentence encoded for a <see cref="Tagger{T}"/>.</summary>
/// <param name="Words">Word ids, one per token.</param>
/// <param name="Chars">Character ids of each token, or null when the tagger has no character features.</param>
/// <param name="Tags">Tag ids (−100 for a tag the model does not know), or null when the sentence is untagged.</param>
public sealed record TaggingExample(int[] Words, int[][]? Chars, int[]? Tags)
{
    /// <summary>Number of tokens.</summary>
    public int Length => Words.Length;
}
