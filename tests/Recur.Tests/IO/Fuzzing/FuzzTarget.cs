namespace Recur.Tests.IO.Fuzzing;

/// <summary>
/// A binary reader under fuzzing: valid inputs to mutate, and a read of one input that either succeeds or throws
/// <see cref="InvalidDataException"/>; any other exception, or an allocation far beyond the input's size, is a bug.
/// </summary>
/// <param name="Name">Shown in failures.</param>
/// <param name="Seeds">Valid inputs the mutations start from.</param>
/// <param name="Read">Reads one input (the bytes of a whole file).</param>
/// <param name="FixChecksum">
/// Rewrites a mutated input's checksum so that it is right again (null for a format without one), so that mutations
/// reach the checks behind the checksum as well.
/// </param>
/// <param name="FixedAllocation">
/// What one read may allocate beyond 64 bytes per input byte: the largest object the format's own limits allow (a model,
/// a piano roll of the most frames).
/// </param>
public sealed record FuzzTarget(string Name, IReadOnlyList<byte[]> Seeds, Action<byte[]> Read, Func<byte[], byte[]>? FixChecksum = null,
    long FixedAllocation = 16L << 20)
{
    /// <inheritdoc/>
    public override string ToString() => Name;
}
