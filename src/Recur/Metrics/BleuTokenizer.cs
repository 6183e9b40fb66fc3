using System.Text;
using System.Text.RegularExpressions;

namespace Recur.Metrics;

/// <summary>
/// sacreBLEU's default tokenisation, <c>13a</c> (mteval-v13a.pl's): applied to hypotheses and references alike before
/// n-grams are counted. Steps, in order:
/// <list type="number">
/// <item>remove <c>&lt;skipped&gt;</c>; remove "-\n"; turn "\n" into a space; unescape <c>&amp;quot;</c>, <c>&amp;amp;</c>,
/// <c>&amp;lt;</c>, <c>&amp;gt;</c>;</item>
/// <item>surround with spaces every character of { | } ~ [ \ ] ^ _ ` space ! " # $ % &amp; ( ) * + : ; &lt; = &gt; ? @ /;</item>
/// <item>split off a period or comma not preceded by an ASCII digit, then one not followed by an ASCII digit
/// ("3.5" and "1,000" stay whole);</item>
/// <item>split off a dash preceded by a digit ("1-2" gives 1 - 2; "e-mail" stays whole);</item>
/// <item>collapse whitespace to single spaces and trim.</item>
/// </list>
/// Apostrophes and other non-ASCII punctuation are left in place, as in sacreBLEU. Each regular expression replaces
/// non-overlapping matches left to right, as Python's <c>re.sub</c> does.
/// </summary>
public static class BleuTokenizer
{
    // The character class is written with code points: { to ~, [ to `, space to &, ( to +, : to @, and /.
    private static readonly Regex s_symbols = new(@"([\u007B-\u007E\u005B-\u0060\u0020-\u0026\u0028-\u002B\u003A-\u0040/])", RegexOptions.CultureInvariant);
    private static readonly Regex s_periodCommaAfter = new(@"([^0-9])([.,])", RegexOptions.CultureInvariant);
    private static readonly Regex s_periodCommaBefore = new(@"([.,])([^0-9])", RegexOptions.CultureInvariant);
    private static readonly Regex s_dashAfterDigit = new(@"([0-9])(-)", RegexOptions.CultureInvariant);

    /// <summary>The 13a tokens of <paramref name="line"/>, joined by single spaces.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="line"/> is null.</exception>
    public static string Tokenize(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        string s = line.Replace("<skipped>", "", StringComparison.Ordinal).Replace("-\n", "", StringComparison.Ordinal).Replace('\n', ' ');
        if (s.Contains('&', StringComparison.Ordinal))
        {
            s = s.Replace("&quot;", "\"", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal)
                 .Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal);
        }
        s = " " + s + " ";
        s = s_symbols.Replace(s, " $1 ");
        s = s_periodCommaAfter.Replace(s, "$1 $2 ");
        s = s_periodCommaBefore.Replace(s, " $1 $2");
        s = s_dashAfterDigit.Replace(s, "$1 $2 ");
        return JoinWords(s);
    }

    /// <summary>The whitespace-separated tokens of <paramref name="text"/> (Unicode whitespace, as Python's <c>str.split()</c>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static string[] Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool space = i == text.Length || char.IsWhiteSpace(text[i]);
            if (space && start >= 0) { tokens.Add(text[start..i]); start = -1; }
            else if (!space && start < 0) start = i;
        }
        return tokens.ToArray();
    }

    private static string JoinWords(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (string token in Split(s))
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(token);
        }
        return sb.ToString();
    }
}
