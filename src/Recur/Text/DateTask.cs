using System.Globalization;
using Recur.Training;

namespace Recur.Text;

/// <summary>
/// A synthetic translation task, generated on the fly: a date written by a human in one of <see cref="FormatCount"/>
/// formats ("3 May 1979", "thursday, may 3, 1979", "05/03/79", "3rd of May 1979", "03.05.1979", "19790503", …), in
/// title, lower or upper case, is translated to its ISO 8601 form "1979-05-03", character by character.
/// <para>
/// Conventions that make every source unambiguous: dates lie in 1950-01-01..2049-12-31, so a two-digit year yy means
/// 19yy for yy ≥ 50 and 20yy otherwise; numbers separated by slashes are month/day/year (US order), by dots
/// day.month.year (European order), by dashes year-month-day; weekdays, when written, are the true ones.
/// </para>
/// <para>
/// Held-out dates: every 16th day (day number divisible by 16) is kept for validation and test sets; training samples
/// never show one, so the validation figure measures dates the model has not seen in any format.
/// </para>
/// </summary>
public static class DateTask
{
    /// <summary>The characters a target is made of.</summary>
    public const string TargetAlphabet = "0123456789-";

    /// <summary>The characters of the source vocabulary: ASCII letters and digits, space and , . - /.</summary>
    public const string SourceAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.-/";

    private const int HeldOutEvery = 16;

    private static readonly string[] s_months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly string[] s_weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    // Placeholders: {d} 3, {dd} 03, {dth} 3rd, {m} 5, {mm} 05, {Month} May, {Mon} Sep, {yyyy} 1979, {yy} 79,
    // {Weekday} Thursday, {Wkd} Thu.
    private static readonly string[] s_formats =
    [
        "{d} {Month} {yyyy}", "{dd} {Month} {yyyy}", "{d} {Mon} {yyyy}", "{d} {Month} {yy}", "{d} {Month}, {yyyy}",
        "{Month} {d}, {yyyy}", "{Month} {d} {yyyy}", "{Mon} {d}, {yyyy}", "{Mon}. {d}, {yyyy}",
        "{Weekday}, {Month} {d}, {yyyy}", "{Weekday} {d} {Month} {yyyy}", "{Wkd}, {d} {Mon} {yyyy}",
        "{dth} of {Month} {yyyy}", "the {dth} of {Month}, {yyyy}", "{Month} {dth}, {yyyy}", "{dth} {Month} {yyyy}",
        "{Weekday}, {dth} {Month} {yyyy}", "{Weekday} {Month} {dth} {yyyy}",
        "{mm}/{dd}/{yy}", "{m}/{d}/{yyyy}", "{mm}/{dd}/{yyyy}", "{m}/{d}/{yy}",
        "{dd}.{mm}.{yyyy}", "{d}.{m}.{yy}", "{d}.{m}.{yyyy}",
        "{yyyy}-{mm}-{dd}", "{yyyy}{mm}{dd}", "{d}-{Mon}-{yyyy}", "{dd}-{Mon}-{yy}",
    ];

    /// <summary>The first date generated.</summary>
    public static DateOnly First { get; } = new(1950, 1, 1);

    /// <summary>The last date generated.</summary>
    public static DateOnly Last { get; } = new(2049, 12, 31);

    /// <summary>Number of formats.</summary>
    public static int FormatCount => s_formats.Length;

    /// <summary>True for a held-out date (validation and test only).</summary>
    public static bool IsHeldOut(DateOnly date) => date.DayNumber % HeldOutEvery == 0;

    /// <summary>The ISO 8601 form, yyyy-MM-dd: the target.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Writes <paramref name="date"/> in one format and case.</summary>
    /// <param name="date">A date in <see cref="First"/>..<see cref="Last"/>.</param>
    /// <param name="format">0..<see cref="FormatCount"/>−1.</param>
    /// <param name="casing">0 as written (names capitalised), 1 lower case, 2 upper case.</param>
    /// <exception cref="ArgumentException">The date, format or casing is out of range.</exception>
    public static string Format(DateOnly date, int format, int casing = 0)
    {
        if (date < First || date > Last) throw new ArgumentException($"Date {Iso(date)} is outside {Iso(First)}..{Iso(Last)}.", nameof(date));
        if ((uint)format >= (uint)s_formats.Length) throw new ArgumentException($"Format {format} is outside 0..{s_formats.Length - 1}.", nameof(format));
        if ((uint)casing > 2) throw new ArgumentException($"Casing {casing} is outside 0..2.", nameof(casing));
        string month = s_months[date.Month - 1], weekday = s_weekdays[(int)date.DayOfWeek];
        string text = s_formats[format]
            .Replace("{dth}", Ordinal(date.Day), StringComparison.Ordinal)
            .Replace("{dd}", Two(date.Day), StringComparison.Ordinal)
            .Replace("{d}", Num(date.Day), StringComparison.Ordinal)
            .Replace("{mm}", Two(date.Month), StringComparison.Ordinal)
            .Replace("{m}", Num(date.Month), StringComparison.Ordinal)
            .Replace("{Month}", month, StringComparison.Ordinal)
            .Replace("{Mon}", month[..3], StringComparison.Ordinal)
            .Replace("{yyyy}", Num(date.Year), StringComparison.Ordinal)
            .Replace("{yy}", Two(date.Year % 100), StringComparison.Ordinal)
            .Replace("{Weekday}", weekday, StringComparison.Ordinal)
            .Replace("{Wkd}", weekday[..3], StringComparison.Ordinal);
        return casing switch
        {
            1 => text.ToLowerInvariant(),
            2 => text.ToUpperInvariant(),
            _ => text,
        };
    }

    /// <summary>One random pair (human-written date, ISO date): a uniform date, format and case.</summary>
    /// <param name="rng">The generator.</param>
    /// <param name="heldOut">Draw a held-out date (validation, test) instead of a training date.</param>
    public static (string Source, string Target) Sample(Rng rng, bool heldOut)
    {
        ArgumentNullException.ThrowIfNull(rng);
        int span = Last.DayNumber - First.DayNumber + 1;
        DateOnly date;
        do date = DateOnly.FromDayNumber(First.DayNumber + rng.NextInt(span));
        while (IsHeldOut(date) != heldOut);
        return (Format(date, rng.NextInt(s_formats.Length), rng.NextInt(3)), Iso(date));
    }

    /// <summary><paramref name="count"/> random pairs (see <see cref="Sample"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not positive.</exception>
    public static IReadOnlyList<(string Source, string Target)> Samples(int count, Rng rng, bool heldOut)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(rng);
        var pairs = new (string, string)[count];
        for (int i = 0; i < count; i++) pairs[i] = Sample(rng, heldOut);
        return pairs;
    }

    /// <summary>The character vocabulary of the sources: &lt;unk&gt;, &lt;eos&gt;, then <see cref="SourceAlphabet"/> in ordinal order.</summary>
    public static Vocabulary SourceVocabulary() => Build(SourceAlphabet);

    /// <summary>The character vocabulary of the targets: &lt;unk&gt;, &lt;eos&gt;, then - and the digits.</summary>
    public static Vocabulary TargetVocabulary() => Build(TargetAlphabet);

    private static Vocabulary Build(string alphabet)
    {
        var builder = new VocabularyBuilder(TokenLevel.Char);
        builder.Add(alphabet);
        return builder.Build(int.MaxValue);
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Two(int value) => value.ToString("00", CultureInfo.InvariantCulture);

    private static string Ordinal(int day)
    {
        string suffix = (day % 100) is 11 or 12 or 13 ? "th" : (day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return Num(day) + suffix;
    }
}
