using System.Numerics;
using Recur.Metrics;
using Recur.Text;
using Recur.Training;

namespace Recur.Models;

/// <summary>
/// A <see cref="Trainer{T, TBatch}"/> of a <see cref="Tagger{T}"/>. Its validation pass also tags the validation
/// sentences and scores them (<see cref="LastScores"/>): token accuracy, and entity F1 for IOB/IOB2/BIOES tags.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class TaggerTrainer<T> : Trainer<T, TaggingBatch> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LabelSet _tags;
    private readonly IReadOnlyList<IReadOnlyList<string>>? _validGold;

    /// <summary>Creates a trainer; the optimiser is made from <paramref name="options"/>.</summary>
    /// <param name="model">The tagger.</param>
    /// <param name="options">Training options.</param>
    /// <param name="tags">The tag names.</param>
    /// <param name="validGold">Gold tags of the validation sentences (in the validation source's order), or null to report the loss only.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public TaggerTrainer(Tagger<T> model, TrainOptions options, LabelSet tags, IReadOnlyList<IReadOnlyList<string>>? validGold)
        : base(model, options)
    {
        ArgumentNullException.ThrowIfNull(tags);
        Tagger = model;
        _tags = tags;
        _validGold = validGold;
    }

    /// <summary>The tagger being trained.</summary>
    public Tagger<T> Tagger { get; }

    /// <summary>Scores of the last validation pass, or null before one.</summary>
    public TaggerScores? LastScores { get; private set; }

    /// <summary>Mean loss per tagged token over <paramref name="source"/>; scores the tags too when the gold ones are known.</summary>
    public override double Evaluate(IBatchSource<TaggingBatch> source)
    {
        if (source is not TaggingBatchSource sentences || _validGold is null || _validGold.Count != sentences.Examples.Count)
            return base.Evaluate(source);
        var prediction = TaggerEvaluation.Predict(Tagger, sentences);
        LastScores = TaggerEvaluation.Score(_validGold, TaggerEvaluation.Names(_tags, prediction.Tags), EntityChunks.IsEntityTagSet(_tags.Labels));
        return prediction.Loss;
    }
}
