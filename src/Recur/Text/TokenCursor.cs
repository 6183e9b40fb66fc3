using System.Buffers;
using System.Globalization;
using System.Text;

namespace Recur.Text;

/// <summary>
/// Walks the tokens of one line without allocating. <see cref="Current"/> is a slice of the line, or a constant
/// "\uFFFD" where the line holds a lone surrogate. The rules are documented on <see cref="Tokenizer"/>.
/// </summary>
internal ref struct TokenCursor
{
    private const string Replacement = "\uFFFD";

    private readonly ReadOnlySpan<char> _text;
    private readonly TokenLevel _level;
    private int _pos;

    public TokenCursor(ReadOnlySpan<char> text, TokenLevel level)
    {
        _text = text;
        _level = level;
        _pos = 0;
        Current = default;
    }

    /// <summary>The token found by the last successful <see cref="MoveNext"/>.</summary>
    public ReadOnlySpan<char> Current { get; private set; }

    public bool MoveNext() => _level switch
    {
        TokenLevel.Char => NextChar(),
        TokenLevel.Word => NextWord(),
        _ => NextRun(),
    };

    private bool NextChar()
    {
        if (_pos >= _text.Length) return false;
        bool valid = Decode(_text, _pos, out _, out int used);
        Current = valid ? _text.Slice(_pos, used) : Replacement;
        _pos += used;
        return true;
    }

    private bool NextWord()
    {
        var s = _text;
        int p = _pos;
        while (p < s.Length && char.IsWhiteSpace(s[p])) p++;
        if (p >= s.Length)
        {
            _pos = p;
            return false;
        }

        var rest = s[p..];
        if (rest.StartsWith(Vocabulary.Unk, StringComparison.Ordinal) || rest.StartsWith(Vocabulary.Eos, StringComparison.Ordinal))
        {
            Current = s.Slice(p, Vocabulary.Unk.Length);
            _pos = p + Vocabulary.Unk.Length;
            return true;
        }

        int start = p;
        if (!Decode(s, p, out Rune r, out int n))
        {
            Current = Replacement;
            _pos = p + n;
            return true;
        }

        p += n;
        if (IsWordRune(r))
        {
            // A word runs over letters, digits and marks; an apostrophe between two letters stays inside ("don't").
            Rune prev = r;
            while (Decode(s, p, out Rune next, out n))
            {
                if (!IsWordRune(next)
                    && !(IsApostrophe(next) && Rune.IsLetter(prev) && Decode(s, p + n, out Rune after, out _) && Rune.IsLetter(after)))
                {
                    break;
                }

                prev = next;
                p += n;
            }
        }
        else
        {
            // Any other rune is a token by itself, with the combining marks that follow it.
            while (Decode(s, p, out Rune next, out n) && IsMark(next)) p += n;
        }

        Current = s[start..p];
        _pos = p;
        return true;
    }

    private bool NextRun()
    {
        var s = _text;
        int p = _pos;
        while (p < s.Length && char.IsWhiteSpace(s[p])) p++;
        if (p >= s.Length)
        {
            _pos = p;
            return false;
        }

        // No whitespace character is a surrogate, so a run never splits a pair.
        int start = p;
        bool valid = true;
        while (p < s.Length && !char.IsWhiteSpace(s[p]))
        {
            valid &= Decode(s, p, out _, out int n);
            p += n;
        }

        Current = valid ? s[start..p] : Replacement;
        _pos = p;
        return true;
    }

    /// <summary>Decodes the rune at <paramref name="p"/>; false at the end or on a lone surrogate (then one char is used).</summary>
    private static bool Decode(ReadOnlySpan<char> s, int p, out Rune rune, out int used)
    {
        if (p >= s.Length)
        {
            rune = default;
            used = 0;
            return false;
        }

        var status = Rune.DecodeFromUtf16(s[p..], out rune, out used);
        if (status == OperationStatus.Done) return true;
        used = 1;
        return false;
    }

    private static bool IsWordRune(Rune r) => Rune.IsLetterOrDigit(r) || IsMark(r);

    private static bool IsApostrophe(Rune r) => r.Value is '\'' or '\u2019';

    private static bool IsMark(Rune r) => Rune.GetUnicodeCategory(r)
        is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
}
