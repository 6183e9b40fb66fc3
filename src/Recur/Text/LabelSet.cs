using System.Text.Json;

namespace Recur.Text;

/// <summary>
/// A closed set of output labels (tags of a tagger, classes of a classifier) and their ids 0..K−1. Unlike a
/// <see cref="Vocabulary"/> it has no unknown or end token: every id is a class the model predicts. Immutable.
/// </summary>
public sealed class LabelSet
{
    private readonly string[] _labels;
    private readonly Dictionary<string, int> _ids;

    /// <summary>Creates the set; label i gets id i.</summary>
    /// <exception cref="ArgumentException">No labels, an empty one, or one repeated.</exception>
    public LabelSet(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        _labels = labels.ToArray();
        if (_labels.Length == 0) throw new ArgumentException("A label set needs at least one label.", nameof(labels));
        _ids = new Dictionary<string, int>(_labels.Length, StringComparer.Ordinal);
        for (int i = 0; i < _labels.Length; i++)
        {
            if (string.IsNullOrEmpty(_labels[i])) throw new ArgumentException($"Label {i} is empty.", nameof(labels));
            if (!_ids.TryAdd(_labels[i], i)) throw new ArgumentException($"Label '{_labels[i]}' appears twice.", nameof(labels));
        }
        Labels = Array.AsReadOnly(_labels);
    }

    /// <summary>K, the number of labels.</summary>
    public int Count => _labels.Length;

    /// <summary>Id → label.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The distinct labels of <paramref name="labels"/> in ordinal order, so that the ids do not depend on the data's order.</summary>
    /// <exception cref="ArgumentException">No labels, or an empty one.</exception>
    public static LabelSet FromLabels(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return new LabelSet(labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    /// <summary>The label with id <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is outside 0..K−1.</exception>
    public string Label(int id)
    {
        if ((uint)id >= (uint)_labels.Length) throw new ArgumentOutOfRangeException(nameof(id), id, $"Label ids are 0..{_labels.Length - 1}.");
        return _labels[id];
    }

    /// <summary>The id of <paramref name="label"/>, or −1 when it is not in the set.</summary>
    public int Id(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return _ids.TryGetValue(label, out int id) ? id : -1;
    }

    /// <summary>The labels as a JSON array of strings, in id order.</summary>
    public string ToJson() => JsonSerializer.Serialize(_labels);

    /// <summary>Reads a set written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON array.</param>
    /// <param name="sourceName">The file (or checkpoint entry) named in error messages.</param>
    /// <exception cref="InvalidDataException">Not a JSON array of distinct non-empty strings; the message names <paramref name="sourceName"/>.</exception>
    public static LabelSet FromJson(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var labels = JsonSerializer.Deserialize<string[]>(json) ?? throw new InvalidDataException($"{sourceName}: the label list is null.");
            return new LabelSet(labels);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"{sourceName}: invalid label list: {e.Message}", e);
        }
    }
}
