namespace Recur.Diagnostics;

/// <summary>The synthetic long-range tasks of <see cref="LongRangeTask"/>.</summary>
public enum LongRangeTaskKind
{
    /// <summary>Recall: one of 8 key symbols, then <c>gap</c> random filler symbols, then <c>?</c>; the class is the key (chance 1/8).</summary>
    Copy,

    /// <summary>Subject–verb agreement: a singular or plural noun (<c>cat</c> / <c>cats</c>), then <c>gap</c> filler words among
    /// which attractor nouns of either number, then <c>?</c>; the class is <c>was</c> or <c>were</c> (chance 1/2).</summary>
    Agreement,
}
