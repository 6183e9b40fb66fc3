namespace Recur.Models;

/// <summary>The log-probability of one token given the tokens before it.</summary>
/// <param name="Id">Token id.</param>
/// <param name="LogProbability">log P(token | previous tokens), natural log.</param>
public readonly record struct TokenScore(int Id, double LogProbability);
