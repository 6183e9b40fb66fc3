namespace Recur.Models;

/// <summary>The tags a <see cref="Tagger{T}"/> gives a set of sentences, with its loss where the sentences are tagged.</summary>
/// <param name="Tags">Tag ids per sentence, in the source's example order.</param>
/// <param name="Loss">Mean cross-entropy over the tagged tokens, NaN when none is tagged.</param>
/// <param name="TaggedTokens">Tokens the loss is over.</param>
public sealed record TaggerPrediction(int[][] Tags, double Loss, long TaggedTokens);
