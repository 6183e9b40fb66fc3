using System.Numerics;
using Recur.Metrics;

namespace Recur.Models;

/// <summary>Classifies texts with a <see cref="Classifier{T}"/> and scores the classes against gold ones.</summary>
public static class ClassifierEvaluation
{
    /// <summary>The class probabilities and most probable class of every text of <paramref name="source"/>, without dropout.</summary>
    /// <param name="model">The classifier.</param>
    /// <param name="source">The texts (labelled or not); read from its first batch, epoch 0.</param>
    public static ClassifierPrediction Predict<T>(Classifier<T> model, ClassificationBatchSource source) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        int n = source.Examples.Count, k = model.ClassCount;
        var labels = new int[n];
        var probabilities = new double[n][];
        var batch = new ClassificationBatch();
        double lossSum = 0;
        long labelled = 0;
        source.StartEpoch(0);
        while (source.Next(batch))
        {
            double loss = double.CreateChecked(model.Forward(batch, null));
            int counted = batch.LabelCount;
            lossSum += loss * counted;
            labelled += counted;
            var logits = model.Logits;
            for (int b = 0; b < batch.Size; b++)
            {
                var z = logits.Slice(b * k, k);
                // p = softmax(z), shifted by max z
                var p = new double[k];
                double max = double.CreateChecked(z[TaggerEvaluation.ArgMax(z)]), sum = 0;
                for (int j = 0; j < k; j++) sum += p[j] = Math.Exp(double.CreateChecked(z[j]) - max);
                for (int j = 0; j < k; j++) p[j] /= sum;
                int example = batch.Examples[b];
                probabilities[example] = p;
                labels[example] = TaggerEvaluation.ArgMax(z);
            }
        }
        return new ClassifierPrediction(labels, probabilities, labelled == 0 ? double.NaN : lossSum / labelled, labelled);
    }

    /// <summary>The confusion matrix of predicted against gold classes, skipping texts whose gold class is unknown (−100).</summary>
    /// <exception cref="ArgumentException">The counts differ or a class is out of range.</exception>
    public static ConfusionMatrix Score(int classes, IReadOnlyList<int> gold, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        if (gold.Count != predicted.Count) throw new ArgumentException($"{gold.Count} gold labels but {predicted.Count} predicted ones.", nameof(predicted));
        var matrix = new ConfusionMatrix(classes);
        for (int i = 0; i < gold.Count; i++)
            if (gold[i] != ClassificationBatch.IgnoreLabel) matrix.Add(gold[i], predicted[i]);
        return matrix;
    }
}
