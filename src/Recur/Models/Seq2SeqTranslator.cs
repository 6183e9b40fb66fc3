using System.Text;
using Recur.Metrics;
using Recur.Text;

namespace Recur.Models;

/// <summary>
/// Text in, text out with a trained <see cref="Seq2Seq{T}"/> and its two vocabularies: the source is split as the source
/// vocabulary says (lower-cased if it was), decoded greedily or by beam search, and the target tokens are joined back
/// into text (<see cref="Detokenize"/>).
/// </summary>
public sealed class Seq2SeqTranslator
{
    private readonly Seq2SeqDecoder<float> _decoder;

    /// <summary>Creates a translator.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="source">Its source vocabulary.</param>
    /// <param name="target">Its target vocabulary.</param>
    /// <param name="allowUnknown">Let decoding generate &lt;unk&gt; (default false: see <see cref="Seq2SeqDecoder{T}.AllowUnknown"/>).</param>
    /// <exception cref="ArgumentException">A vocabulary does not fit the model.</exception>
    public Seq2SeqTranslator(Seq2Seq<float> model, Vocabulary source, Vocabulary target, bool allowUnknown = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (source.Count != model.Options.SourceVocabularySize || target.Count != model.Options.TargetVocabularySize)
            throw new ArgumentException("The vocabularies do not fit the model.", nameof(source));
        Model = model;
        SourceVocabulary = source;
        TargetVocabulary = target;
        _decoder = new Seq2SeqDecoder<float>(model) { AllowUnknown = allowUnknown };
    }

    /// <summary>The model.</summary>
    public Seq2Seq<float> Model { get; }

    /// <summary>The source vocabulary.</summary>
    public Vocabulary SourceVocabulary { get; }

    /// <summary>The target vocabulary.</summary>
    public Vocabulary TargetVocabulary { get; }

    /// <summary>The default output limit for a source of <paramref name="sourceTokens"/> tokens: 2·Tx + 10.</summary>
    public static int DefaultMaxLength(int sourceTokens) => 2 * sourceTokens + 10;

    /// <summary>The source ids of <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentException">The text has no token.</exception>
    public int[] EncodeSource(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = SourceVocabulary.Encode(text);
        if (ids.Length == 0) throw new ArgumentException("The source text has no token to translate.", nameof(text));
        return ids;
    }

    /// <summary>The target ids of <paramref name="text"/> (unknown tokens become &lt;unk&gt;).</summary>
    public int[] EncodeTarget(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TargetVocabulary.Encode(text);
    }

    /// <summary>The text of target ids, detokenised.</summary>
    public string DecodeTarget(IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return Detokenize(ids.Select(TargetVocabulary.Token).ToArray(), TargetVocabulary.Level);
    }

    /// <summary>Translates each source; <paramref name="beam"/> 1 decodes greedily (batched), more runs beam search per source.</summary>
    /// <param name="sources">Source texts, each with at least one token.</param>
    /// <param name="beam">Beam width N ≥ 1.</param>
    /// <param name="lengthPenalty">α of GNMT's length penalty, for beam search.</param>
    /// <param name="maxLength">Most output tokens, or null for <see cref="DefaultMaxLength"/> of each source.</param>
    /// <exception cref="ArgumentException">A source has no token or an option is out of range.</exception>
    public IReadOnlyList<string> Translate(IReadOnlyList<string> sources, int beam = 1, double lengthPenalty = 0.6, int? maxLength = null) =>
        Decode(sources, beam, lengthPenalty, maxLength).Select(h => DecodeTarget(h.Tokens)).ToArray();

    /// <summary>The best hypothesis for each source (see <see cref="Translate"/>).</summary>
    /// <exception cref="ArgumentException">A source has no token or an option is out of range.</exception>
    public IReadOnlyList<Seq2SeqHypothesis> Decode(IReadOnlyList<string> sources, int beam = 1, double lengthPenalty = 0.6, int? maxLength = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(beam);
        if (maxLength is int m) ArgumentOutOfRangeException.ThrowIfNegativeOrZero(m, nameof(maxLength));
        var ids = sources.Select(EncodeSource).ToArray();
        if (beam == 1)
        {
            if (maxLength is int limit) return _decoder.Greedy(ids, limit);
            // Group by the default limit so that each source gets its own.
            var results = new Seq2SeqHypothesis[ids.Length];
            foreach (var group in Enumerable.Range(0, ids.Length).GroupBy(i => DefaultMaxLength(ids[i].Length)))
            {
                var members = group.ToArray();
                var decoded = _decoder.Greedy(members.Select(i => ids[i]).ToArray(), group.Key);
                for (int k = 0; k < members.Length; k++) results[members[k]] = decoded[k];
            }
            return results;
        }
        return ids.Select(x => _decoder.Beam(x, beam, lengthPenalty, maxLength ?? DefaultMaxLength(x.Length))[0]).ToArray();
    }

    /// <summary>The N best hypotheses for one source by beam search, best first.</summary>
    /// <exception cref="ArgumentException">The source has no token or an option is out of range.</exception>
    public IReadOnlyList<Seq2SeqHypothesis> NBest(string source, int beam, double lengthPenalty = 0.6, int? maxLength = null)
    {
        var ids = EncodeSource(source);
        return _decoder.Beam(ids, beam, lengthPenalty, maxLength ?? DefaultMaxLength(ids.Length));
    }

    /// <summary>
    /// Translates every source and scores the outputs against the targets: corpus BLEU (sacreBLEU's default; lower-cased
    /// on both sides when the target vocabulary lower-cases) and exact match (after the same lower-casing).
    /// </summary>
    /// <exception cref="ArgumentException">No pairs, or a source without tokens.</exception>
    public Seq2SeqScores Evaluate(IReadOnlyList<(string Source, string Target)> pairs, int beam = 1, double lengthPenalty = 0.6, int? maxLength = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0) throw new ArgumentException("There are no pairs to evaluate.", nameof(pairs));
        var hypotheses = Translate(pairs.Select(p => p.Source).ToArray(), beam, lengthPenalty, maxLength);
        bool lower = TargetVocabulary.LowerCase;
        var references = pairs.Select(p => lower ? p.Target.ToLowerInvariant() : p.Target).ToArray();
        var bleu = Bleu.Corpus(hypotheses, references, lowerCase: lower);
        return new Seq2SeqScores(bleu, ExactMatch.Compute(hypotheses, references), hypotheses);
    }

    /// <summary>
    /// Joins target tokens into text. Characters are concatenated. Words are joined by spaces, except that no space goes
    /// before . , ! ? ; : ) ] } % or after ( [ {, a hyphen joins its neighbours ("Est - ce" gives "Est-ce"), and a
    /// period or comma between two numbers joins them ("3 . 5" gives "3.5"): the word tokenizer splits these, the
    /// references do not. French spacing before ! ? ; : is not restored; BLEU's 13a tokenisation splits those marks anyway.
    /// </summary>
    /// <param name="tokens">The tokens.</param>
    /// <param name="level">The level they were split at.</param>
    public static string Detokenize(IReadOnlyList<string> tokens, TokenLevel level)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (level == TokenLevel.Char) return string.Concat(tokens);
        var sb = new StringBuilder();
        for (int i = 0; i < tokens.Count; i++)
        {
            string token = tokens[i];
            if (i > 0 && NeedsSpace(tokens, i)) sb.Append(' ');
            sb.Append(token);
        }
        return sb.ToString();
    }

    private static bool NeedsSpace(IReadOnlyList<string> tokens, int i)
    {
        string previous = tokens[i - 1], token = tokens[i];
        if (token is "." or "," or "!" or "?" or ";" or ":" or ")" or "]" or "}" or "%" or "-") return false;
        if (previous is "(" or "[" or "{" or "-") return false;
        if ((previous is "." or ",") && i >= 2 && IsNumber(tokens[i - 2]) && IsNumber(token)) return false;
        return true;
    }

    private static bool IsNumber(string token) => token.Length > 0 && token.All(char.IsAsciiDigit);
}
