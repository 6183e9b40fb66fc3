namespace Recur.Models;

/// <summary>The models Recur can move in and out as state_dict weights. Names and checkpoint formats: <see cref="ModelKinds"/>.</summary>
public enum ModelKind
{
    /// <summary><see cref="LanguageModel{T}"/> (<c>lm</c>).</summary>
    LanguageModel,

    /// <summary><see cref="Tagger{T}"/> (<c>tagger</c>).</summary>
    Tagger,

    /// <summary><see cref="Classifier{T}"/> (<c>classifier</c>).</summary>
    Classifier,

    /// <summary><see cref="MusicModel{T}"/> (<c>music</c>).</summary>
    Music,
}
