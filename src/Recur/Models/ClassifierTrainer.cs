using System.Numerics;
using Recur.Metrics;
using Recur.Training;

namespace Recur.Models;

/// <summary>
/// A <see cref="Trainer{T, TBatch}"/> of a <see cref="Classifier{T}"/>. Its validation pass also classifies the
/// validation texts and scores them (<see cref="LastScores"/>: accuracy, macro-F1).
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class ClassifierTrainer<T> : Trainer<T, ClassificationBatch> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a trainer; the optimiser is made from <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ClassifierTrainer(Classifier<T> model, TrainOptions options) : base(model, options) => Classifier = model;

    /// <summary>The classifier being trained.</summary>
    public Classifier<T> Classifier { get; }

    /// <summary>Confusion matrix of the last validation pass, or null before one.</summary>
    public ConfusionMatrix? LastScores { get; private set; }

    /// <summary>Mean loss per labelled text over <paramref name="source"/>; scores the classes too.</summary>
    public override double Evaluate(IBatchSource<ClassificationBatch> source)
    {
        if (source is not ClassificationBatchSource texts) return base.Evaluate(source);
        var prediction = ClassifierEvaluation.Predict(Classifier, texts);
        LastScores = ClassifierEvaluation.Score(Classifier.ClassCount, texts.Examples.Select(e => e.Label).ToArray(), prediction.Labels);
        return prediction.Loss;
    }
}
