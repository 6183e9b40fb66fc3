namespace Recur.Diagnostics;

/// <summary>
/// A language model read over a text: each token's probability given the tokens before it, and every layer's
/// states and gates after each token (see <see cref="TextTracer"/>).
/// </summary>
/// <param name="Tokens">[N] the tokens as text (characters, or words), in order; a line break is <c>"\n"</c>.</param>
/// <param name="Ids">[N] their vocabulary ids.</param>
/// <param name="Probabilities">[N] P(token i | start token, tokens before i).</param>
/// <param name="Layers">One trace per layer, bottom first.</param>
public sealed record TextTrace(IReadOnlyList<string> Tokens, int[] Ids, double[] Probabilities, IReadOnlyList<LayerTrace> Layers)
{
    /// <summary>The number of tokens, N.</summary>
    public int Count => Tokens.Count;

    /// <summary>The mean of −ln P over the tokens, in nats.</summary>
    public double MeanLoss => Probabilities.Length == 0 ? double.NaN : Probabilities.Average(p => -Math.Log(p));
}
