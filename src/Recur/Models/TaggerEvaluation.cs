using System.Numerics;
using Recur.Metrics;
using Recur.Text;

namespace Recur.Models;

/// <summary>Tags sentences with a <see cref="Tagger{T}"/> and scores tags against gold ones.</summary>
public static class TaggerEvaluation
{
    /// <summary>The most probable tag of every token of every sentence of <paramref name="source"/>, without dropout.</summary>
    /// <param name="model">The tagger.</param>
    /// <param name="source">The sentences (tagged or not); read from its first batch, epoch 0.</param>
    public static TaggerPrediction Predict<T>(Tagger<T> model, TaggingBatchSource source) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        var tags = new int[source.Examples.Count][];
        var batch = new TaggingBatch();
        int k = model.TagCount;
        double lossSum = 0;
        long tagged = 0;
        source.StartEpoch(0);
        while (source.Next(batch))
        {
            double loss = double.CreateChecked(model.Forward(batch, null));
            int counted = batch.TagCount;
            lossSum += loss * counted;
            tagged += counted;
            var logits = model.Logits;
            for (int b = 0; b < batch.Size; b++)
            {
                var predicted = new int[batch.Lengths[b]];
                for (int t = 0; t < predicted.Length; t++)
                    predicted[t] = ArgMax(logits.Slice((t * batch.Size + b) * k, k));
                tags[batch.Examples[b]] = predicted;
            }
        }
        return new TaggerPrediction(tags, tagged == 0 ? double.NaN : lossSum / tagged, tagged);
    }

    /// <summary>Token accuracy and, when <paramref name="entities"/> is set, conlleval's entity scores.</summary>
    /// <param name="gold">Gold tags per sentence.</param>
    /// <param name="predicted">Predicted tags per sentence, as many.</param>
    /// <param name="entities">Also score entities (the tags are IOB, IOB2 or BIOES).</param>
    /// <exception cref="ArgumentException">The sentence or token counts differ, or an entity tag is malformed.</exception>
    public static TaggerScores Score(IReadOnlyList<IReadOnlyList<string>> gold, IReadOnlyList<IReadOnlyList<string>> predicted, bool entities)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        if (gold.Count != predicted.Count) throw new ArgumentException($"{gold.Count} gold sentences but {predicted.Count} predicted ones.", nameof(predicted));
        var accuracy = new TokenAccuracy();
        var scores = entities ? new EntityScores() : null;
        for (int i = 0; i < gold.Count; i++)
        {
            if (gold[i].Count != predicted[i].Count)
                throw new ArgumentException($"Sentence {i}: {gold[i].Count} gold tags but {predicted[i].Count} predicted ones.", nameof(predicted));
            for (int t = 0; t < gold[i].Count; t++) accuracy.Add(gold[i][t] == predicted[i][t]);
            scores?.Add(gold[i], predicted[i]);
        }
        return new TaggerScores(accuracy, scores);
    }

    /// <summary>The tag names of predicted ids.</summary>
    public static string[][] Names(LabelSet tags, int[][] ids)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(ids);
        return ids.Select(s => s.Select(tags.Label).ToArray()).ToArray();
    }

    /// <summary>The index of the largest value (the first on ties).</summary>
    public static int ArgMax<T>(ReadOnlySpan<T> values) where T : INumberBase<T>, IComparisonOperators<T, T, bool>
    {
        int best = 0;
        for (int j = 1; j < values.Length; j++) if (values[j] > values[best]) best = j;
        return best;
    }
}
