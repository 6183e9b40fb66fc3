using System.Text.Json;
using System.Text.Json.Serialization;
using Recur.Text;

namespace Recur.IO;

/// <summary>
/// The <c>__metadata__</c> entries Recur writes beside the weights (all strings, as the format requires), so that
/// <c>recur export</c> followed by <c>recur import</c> gives back an equivalent checkpoint. A file without them (as
/// written by <c>safetensors.torch.save_file</c>) is imported from its tensor names and shapes plus the caller's
/// options and vocabularies.
/// </summary>
public static class SafetensorsMetadata
{
    /// <summary><c>format</c>: <c>pt</c>, as <c>safetensors.torch.save_file</c> writes, so that tools treat the file as a PyTorch state_dict.</summary>
    public const string Format = "format";

    /// <summary>The value of <see cref="Format"/>.</summary>
    public const string FormatValue = "pt";

    /// <summary><c>recur.kind</c>: <c>lm</c>, <c>tagger</c>, <c>classifier</c> or <c>music</c>.</summary>
    public const string Kind = "recur.kind";

    /// <summary><c>recur.options</c>: the model's options record as JSON (enums in kebab case), as in a checkpoint.</summary>
    public const string Options = "recur.options";

    /// <summary>
    /// <c>recur.vocabulary</c>: the token vocabulary (language model, classifier) or word vocabulary (tagger) as JSON
    /// <c>{"level": "char"|"word"|"whitespace", "lower_case": bool, "tokens": [...], "counts": [...]}</c>, id i = tokens[i].
    /// </summary>
    public const string Vocabulary = "recur.vocabulary";

    /// <summary><c>recur.vocabulary.chars</c>: a tagger's character vocabulary, in the form of <see cref="Vocabulary"/>.</summary>
    public const string CharVocabulary = "recur.vocabulary.chars";

    /// <summary><c>recur.labels</c>: a tagger's tags or a classifier's classes, a JSON array of strings in id order.</summary>
    public const string Labels = "recur.labels";

    /// <summary><c>recur.data</c>: the data description JSON the checkpoint carried (files and how they are read).</summary>
    public const string Data = "recur.data";

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    /// <summary>A vocabulary in the JSON form of <see cref="Vocabulary"/>.</summary>
    internal static string VocabularyToJson(Text.Vocabulary vocabulary) =>
        JsonSerializer.Serialize(new VocabularyJson(vocabulary.Level, vocabulary.LowerCase, [.. vocabulary.Tokens], [.. vocabulary.Counts]), s_json);

    /// <summary>Reads the JSON form of <see cref="Vocabulary"/>.</summary>
    /// <exception cref="InvalidDataException">Malformed; the message names <paramref name="source"/> and <paramref name="key"/>.</exception>
    internal static Text.Vocabulary VocabularyFromJson(string json, string source, string key)
    {
        try
        {
            var v = JsonSerializer.Deserialize<VocabularyJson>(json, s_json) ?? throw new JsonException("null");
            if (v.Tokens is null) throw new JsonException("no tokens");
            return new Text.Vocabulary(v.Level, v.LowerCase, v.Tokens, v.Counts ?? new long[v.Tokens.Length]);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            string message = e is ArgumentException { ParamName: string name } ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
            throw new InvalidDataException($"{source}: metadata {key} is not a valid vocabulary: {message}", e);
        }
    }

    private sealed record VocabularyJson(TokenLevel Level, bool LowerCase, string[]? Tokens, long[]? Counts);
}
