using Recur.Metrics;

namespace Recur.Models;

/// <summary>How well predicted tags match gold ones.</summary>
/// <param name="Accuracy">Token accuracy.</param>
/// <param name="Entities">Entity precision, recall and F1 (conlleval), or null when the tags are not IOB/IOB2/BIOES.</param>
public sealed record TaggerScores(TokenAccuracy Accuracy, EntityScores? Entities);
