namespace Recur.Models;

/// <summary>One text encoded for a <see cref="Classifier{T}"/>.</summary>
/// <param name="Tokens">Token ids (possibly none).</param>
/// <param name="Label">Class id, or −100 when unlabelled or the label is unknown to the model.</param>
public sealed record ClassificationExample(int[] Tokens, int Label);
