namespace Recur.Metrics;

/// <summary>
/// Entity-level precision, recall and F1 with exact-span matching, as conlleval: sentence by sentence, the entities of
/// the gold and the predicted tags are cut by <see cref="EntityChunks"/>, and a predicted entity is correct when an
/// entity of the gold standard has the same type, first token and last token. Counts accumulate over
/// <see cref="Add"/> calls, overall and per type.
/// </summary>
public sealed class EntityScores
{
    private readonly SortedDictionary<string, PrecisionRecall> _byType = new(StringComparer.Ordinal);
    private readonly HashSet<EntitySpan> _gold = [];

    /// <summary>Counts over every type.</summary>
    public PrecisionRecall Overall { get; private set; }

    /// <summary>Counts per entity type, in ordinal order of the type; a type appears once seen in gold or predicted tags.</summary>
    public IReadOnlyDictionary<string, PrecisionRecall> ByType => _byType;

    /// <summary>Sentences added.</summary>
    public long Sentences { get; private set; }

    /// <summary>Adds one sentence.</summary>
    /// <param name="gold">Gold tags, one per token.</param>
    /// <param name="predicted">Predicted tags, as many.</param>
    /// <exception cref="ArgumentException">The lengths differ or a tag is malformed (see <see cref="EntityChunks.Split"/>).</exception>
    public void Add(IReadOnlyList<string> gold, IReadOnlyList<string> predicted)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        if (gold.Count != predicted.Count)
            throw new ArgumentException($"{gold.Count} gold tags but {predicted.Count} predicted ones.", nameof(predicted));
        _gold.Clear();
        foreach (var span in EntityChunks.Extract(gold))
        {
            _gold.Add(span);
            Count(span.Type, new PrecisionRecall(0, 0, 1));
        }
        foreach (var span in EntityChunks.Extract(predicted))
            Count(span.Type, new PrecisionRecall(_gold.Contains(span) ? 1 : 0, 1, 0));
        Sentences++;
    }

    private void Count(string type, PrecisionRecall counts)
    {
        _byType[type] = _byType.TryGetValue(type, out var c) ? c + counts : counts;
        Overall += counts;
    }
}
