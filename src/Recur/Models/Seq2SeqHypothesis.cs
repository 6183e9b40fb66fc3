namespace Recur.Models;

/// <summary>One decoded target sequence.</summary>
/// <param name="Tokens">Target ids, without &lt;eos&gt;.</param>
/// <param name="LogProbability">Σ log P of the generated tokens, the final &lt;eos&gt; included when <paramref name="Finished"/>.</param>
/// <param name="Score">What the search ranks by: <paramref name="LogProbability"/> / lp(|Y|) (see
/// <see cref="Seq2SeqDecoder{T}.LengthPenalty"/>); equal to the log-probability for greedy decoding and α = 0.</param>
/// <param name="Finished">True when the sequence ended with &lt;eos&gt; within the length limit.</param>
public sealed record Seq2SeqHypothesis(IReadOnlyList<int> Tokens, double LogProbability, double Score, bool Finished)
{
    /// <summary>|Y|, the generated tokens counted by the length penalty: the tokens plus the &lt;eos&gt; when finished.</summary>
    public int Length => Tokens.Count + (Finished ? 1 : 0);
}
