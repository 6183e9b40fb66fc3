using Recur.Training;

namespace Recur.Models;

/// <summary>Command-line names and checkpoint formats of the <see cref="ModelKind"/> values.</summary>
public static class ModelKinds
{
    private static readonly (ModelKind Kind, string Name, string Format)[] s_table =
    [
        (ModelKind.LanguageModel, "lm", LanguageModelCheckpoint.Format),
        (ModelKind.Tagger, "tagger", TaggerCheckpoint.Format),
        (ModelKind.Classifier, "classifier", ClassifierCheckpoint.Format),
        (ModelKind.Music, "music", MusicCheckpoint.Format),
    ];

    /// <summary>Every kind, in declaration order.</summary>
    public static IReadOnlyList<ModelKind> All { get; } = s_table.Select(p => p.Kind).ToArray();

    /// <summary>The command-line name, e.g. <c>lm</c>.</summary>
    public static string ToName(this ModelKind kind) => s_table.First(p => p.Kind == kind).Name;

    /// <summary>The <c>format</c> entry of its checkpoints, e.g. <c>recur-language-model</c>.</summary>
    public static string CheckpointFormat(this ModelKind kind) => s_table.First(p => p.Kind == kind).Format;

    /// <summary>Parses a command-line name.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid ones.</exception>
    public static ModelKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var (kind, n, _) in s_table)
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) return kind;
        throw new ArgumentException($"Unknown model kind '{name}'. Expected one of: {string.Join(", ", s_table.Select(p => p.Name))}.", nameof(name));
    }

    /// <summary>The kind whose checkpoints have this <c>format</c> entry, or null.</summary>
    public static ModelKind? FromCheckpointFormat(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        foreach (var (kind, _, f) in s_table)
            if (f == format) return kind;
        return null;
    }
}
