namespace Recur.Models;

/// <summary>The classes a <see cref="Classifier{T}"/> gives a set of texts, their probabilities, and its loss on the labelled ones.</summary>
/// <param name="Labels">The most probable class of each text, in the source's example order.</param>
/// <param name="Probabilities">softmax of the logits of each text [K].</param>
/// <param name="Loss">Mean (class-weighted) cross-entropy over the labelled texts, NaN when none is labelled.</param>
/// <param name="LabelledTexts">Texts the loss is over.</param>
public sealed record ClassifierPrediction(int[] Labels, double[][] Probabilities, double Loss, long LabelledTexts);
