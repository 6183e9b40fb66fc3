using System.Buffers;
using System.Text;

namespace Recur.Text;

/// <summary>
/// A fixed map between tokens and ids for a language model. Id 0 is <see cref="Unk"/> (any token not in the
/// vocabulary) and id 1 is <see cref="Eos"/> (end of line, also the start token of a line example); the other ids
/// follow in the order given, which <see cref="VocabularyBuilder"/> makes most frequent first. Immutable and safe to
/// share between threads.
/// </summary>
public sealed class Vocabulary
{
    /// <summary>The unknown-token string.</summary>
    public const string Unk = "<unk>";

    /// <summary>The end-of-line string.</summary>
    public const string Eos = "<eos>";

    /// <summary>Id of <see cref="Unk"/>.</summary>
    public const int UnkId = 0;

    /// <summary>Id of <see cref="Eos"/>.</summary>
    public const int EosId = 1;

    private const uint Magic = 0x434F5652; // "RVOC" little-endian
    private const byte FormatVersion = 1;
    private const int MaxSerializedCount = 1 << 28;
    private const int MaxTokenBytes = 1 << 20;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string[] _tokens;
    private readonly long[] _counts;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Creates a vocabulary from its token list.</summary>
    /// <param name="level">How lines are split.</param>
    /// <param name="lowerCase">Whether lines are lower-cased (invariant culture) before splitting.</param>
    /// <param name="tokens">Id → token; must start with <see cref="Unk"/>, <see cref="Eos"/>; distinct and non-empty.</param>
    /// <param name="counts">Id → corpus frequency (≥ 0), as long as <paramref name="tokens"/>.</param>
    /// <exception cref="ArgumentException">The level is undefined, the specials are missing, a token is empty or repeated,
    /// or the counts do not match.</exception>
    public Vocabulary(TokenLevel level, bool lowerCase, IReadOnlyList<string> tokens, IReadOnlyList<long> counts)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(counts);
        Tokenizer.CheckLevel(level, nameof(level));
        if (tokens.Count < 2 || tokens[UnkId] != Unk || tokens[EosId] != Eos)
            throw new ArgumentException($"A vocabulary starts with {Unk} (id {UnkId}) and {Eos} (id {EosId}).", nameof(tokens));
        if (counts.Count != tokens.Count)
            throw new ArgumentException($"{counts.Count} counts for {tokens.Count} tokens.", nameof(counts));

        _tokens = new string[tokens.Count];
        _counts = new long[tokens.Count];
        var ids = new Dictionary<string, int>(tokens.Count, StringComparer.Ordinal);
        for (int i = 0; i < tokens.Count; i++)
        {
            string token = tokens[i];
            if (string.IsNullOrEmpty(token))
                throw new ArgumentException($"Token {i} is empty.", nameof(tokens));
            if (!ids.TryAdd(token, i))
                throw new ArgumentException($"Token \"{token}\" appears at ids {ids[token]} and {i}.", nameof(tokens));
            if (counts[i] < 0)
                throw new ArgumentException($"Count {i} is negative ({counts[i]}).", nameof(counts));
            _tokens[i] = token;
            _counts[i] = counts[i];
        }

        Level = level;
        LowerCase = lowerCase;
        _lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        Tokens = Array.AsReadOnly(_tokens);
        Counts = Array.AsReadOnly(_counts);
    }

    /// <summary>How lines are split into tokens.</summary>
    public TokenLevel Level { get; }

    /// <summary>Whether lines are lower-cased (invariant culture) before splitting.</summary>
    public bool LowerCase { get; }

    /// <summary>The number of tokens, specials included: the model's input and output size.</summary>
    public int Count => _tokens.Length;

    /// <summary>Id → token.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>
    /// Id → corpus frequency. From <see cref="VocabularyBuilder"/>: <see cref="Eos"/> counts one per line plus literal
    /// occurrences, and <see cref="Unk"/> counts literal occurrences plus every occurrence of a token left out.
    /// </summary>
    public IReadOnlyList<long> Counts { get; }

    /// <summary>The id of <paramref name="token"/>, or <see cref="UnkId"/> if it is not in the vocabulary. No lower-casing is applied.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is null.</exception>
    public int Id(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Id(token.AsSpan());
    }

    /// <summary>The id of <paramref name="token"/>, or <see cref="UnkId"/> if it is not in the vocabulary. No lower-casing is applied.</summary>
    public int Id(ReadOnlySpan<char> token) => _lookup.TryGetValue(token, out int id) ? id : UnkId;

    /// <summary>The token with id <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is outside 0..<see cref="Count"/>−1.</exception>
    public string Token(int id)
    {
        if ((uint)id >= (uint)_tokens.Length)
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Token ids are 0..{_tokens.Length - 1}.");
        return _tokens[id];
    }

    /// <summary>The ids of the tokens of <paramref name="line"/> (lower-cased first if <see cref="LowerCase"/>); no <see cref="Eos"/> is appended.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="line"/> is null.</exception>
    public int[] Encode(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var ids = new List<int>(line.Length);
        EncodeTo(line, ids);
        return ids.ToArray();
    }

    /// <summary>Appends the ids of the tokens of <paramref name="line"/> to <paramref name="ids"/>; no <see cref="Eos"/> is appended.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public void EncodeTo(string line, List<int> ids)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(ids);
        char[]? rented = null;
        ReadOnlySpan<char> text = line;
        if (LowerCase && line.Length > 0)
        {
            // Invariant lower-casing maps each UTF-16 unit to one unit, so the length is kept.
            rented = ArrayPool<char>.Shared.Rent(line.Length);
            int n = line.AsSpan().ToLowerInvariant(rented);
            text = rented.AsSpan(0, n);
        }

        try
        {
            var cursor = new TokenCursor(text, Level);
            while (cursor.MoveNext()) ids.Add(Id(cursor.Current));
        }
        finally
        {
            if (rented != null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The text of <paramref name="ids"/>. Characters are concatenated; words and whitespace-separated tokens are joined
    /// by single spaces.
    /// <see cref="Eos"/> is rendered as a line break (with no spaces around it); <see cref="Unk"/> as the string "&lt;unk&gt;".
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside 0..<see cref="Count"/>−1.</exception>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var sb = new StringBuilder();
        bool lineStart = true;
        foreach (int id in ids)
        {
            string token = Token(id);
            if (id == EosId)
            {
                sb.Append('\n');
                lineStart = true;
                continue;
            }

            if (Level != TokenLevel.Char && !lineStart) sb.Append(' ');
            sb.Append(token);
            lineStart = false;
        }

        return sb.ToString();
    }

    /// <summary>
    /// Writes the vocabulary in a compact binary form: "RVOC", a version byte, level (0 char, 1 word, 2 whitespace),
    /// lower-case flag, count, then each token (length-prefixed UTF-8) with its count. The stream is left open.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new BinaryWriter(stream, s_strictUtf8, leaveOpen: true);
        w.Write(Magic);
        w.Write(FormatVersion);
        w.Write((byte)Level);
        w.Write(LowerCase);
        w.Write(_tokens.Length);
        for (int i = 0; i < _tokens.Length; i++)
        {
            w.Write(_tokens[i]);
            w.Write(_counts[i]);
        }
    }

    /// <summary>Reads a vocabulary written by <see cref="Write"/>, leaving the stream open just after it.</summary>
    /// <param name="stream">The source, positioned at the vocabulary.</param>
    /// <param name="sourceName">The file (or checkpoint entry) named in error messages.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidDataException">The data is truncated or malformed; the message names <paramref name="sourceName"/>.</exception>
    public static Vocabulary Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        try
        {
            using var r = new BinaryReader(stream, s_strictUtf8, leaveOpen: true);
            if (r.ReadUInt32() != Magic)
                throw new InvalidDataException($"{sourceName}: not a Recur vocabulary (bad magic).");
            byte version = r.ReadByte();
            if (version != FormatVersion)
                throw new InvalidDataException($"{sourceName}: vocabulary format version {version} is not supported (expected {FormatVersion}).");
            byte level = r.ReadByte();
            if (level > (byte)TokenLevel.Whitespace)
                throw new InvalidDataException($"{sourceName}: unknown token level {level}.");
            byte lowerCase = r.ReadByte();
            if (lowerCase > 1)
                throw new InvalidDataException($"{sourceName}: bad lower-case flag {lowerCase}.");
            int count = r.ReadInt32();
            if (count < 2 || count > MaxSerializedCount)
                throw new InvalidDataException($"{sourceName}: bad vocabulary size {count}.");

            var tokens = new List<string>(Math.Min(count, 1 << 16));
            var counts = new List<long>(Math.Min(count, 1 << 16));
            for (int i = 0; i < count; i++)
            {
                // As BinaryWriter.Write(string): a 7-bit encoded byte length, then UTF-8.
                int length = r.Read7BitEncodedInt();
                if (length <= 0 || length > MaxTokenBytes)
                    throw new InvalidDataException($"{sourceName}: vocabulary token {i} has a bad length ({length} bytes).");
                byte[] bytes = r.ReadBytes(length);
                if (bytes.Length != length) throw new EndOfStreamException();
                tokens.Add(s_strictUtf8.GetString(bytes));
                counts.Add(r.ReadInt64());
            }

            return new Vocabulary((TokenLevel)level, lowerCase == 1, tokens, counts);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{sourceName}: the vocabulary is truncated.", e);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{sourceName}: a vocabulary token is not valid UTF-8.", e);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{sourceName}: a vocabulary token has a malformed length.", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{sourceName}: {e.Message}", e);
        }
    }
}
