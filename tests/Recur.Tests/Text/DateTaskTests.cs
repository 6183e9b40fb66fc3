using System.Globalization;
using Recur.Text;
using Recur.Training;

namespace Recur.Tests.Text;

public sealed class DateTaskTests
{
    private static readonly DateOnly s_date = new(1979, 5, 3);

    [Theory]
    [InlineData(0, 0, "3 May 1979")]
    [InlineData(9, 1, "thursday, may 3, 1979")]
    [InlineData(18, 0, "05/03/79")]
    [InlineData(12, 0, "3rd of May 1979")]
    [InlineData(13, 2, "THE 3RD OF MAY, 1979")]
    [InlineData(22, 0, "03.05.1979")]
    [InlineData(23, 0, "3.5.79")]
    [InlineData(26, 0, "19790503")]
    [InlineData(28, 1, "03-may-79")]
    [InlineData(11, 0, "Thu, 3 May 1979")]
    public void Format_KnownDate_WritesEachFormat(int format, int casing, string expected) =>
        Assert.Equal(expected, DateTask.Format(s_date, format, casing));

    [Fact]
    public void Format_EveryFormat_UsesOnlyTheSourceAlphabetAndIsUnambiguous()
    {
        // Every written form of every date in the range maps back to one date, and to the right one.
        var seen = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        for (var d = DateTask.First; d <= DateTask.Last; d = d.AddDays(7 + d.Day % 3))
            for (int f = 0; f < DateTask.FormatCount; f++)
                for (int casing = 0; casing < 3; casing++)
                {
                    string text = DateTask.Format(d, f, casing);
                    Assert.True(text.All(c => DateTask.SourceAlphabet.Contains(c)), text);
                    Assert.True(!seen.TryGetValue(text, out var other) || other == d, $"'{text}' is both {other} and {d}");
                    seen[text] = d;
                }
        Assert.Equal("2049-12-31", DateTask.Iso(DateTask.Last));
        Assert.Equal("2005-11-12", DateTask.Iso(DateOnly.ParseExact(DateTask.Format(new DateOnly(2005, 11, 12), 20), "MM/dd/yyyy", CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Sample_HeldOutAndTrainingDates_AreDisjointAndMatchTheirTargets()
    {
        var rng = new Rng(3);
        foreach (bool heldOut in new[] { false, true })
            foreach (var (source, target) in DateTask.Samples(500, rng, heldOut))
            {
                var date = DateOnly.ParseExact(target, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                Assert.Equal(heldOut, DateTask.IsHeldOut(date));
                Assert.InRange(date, DateTask.First, DateTask.Last);
                Assert.Contains(source, Enumerable.Range(0, DateTask.FormatCount).SelectMany(f => new[] { 0, 1, 2 }.Select(c => DateTask.Format(date, f, c))));
            }
        Assert.Equal(DateTask.Samples(20, new Rng(9), false), DateTask.Samples(20, new Rng(9), false));
    }

    [Fact]
    public void Vocabularies_CoverTheAlphabets()
    {
        var source = DateTask.SourceVocabulary();
        var target = DateTask.TargetVocabulary();
        Assert.Equal(DateTask.SourceAlphabet.Length + 2, source.Count);
        Assert.Equal(13, target.Count);
        Assert.DoesNotContain(Vocabulary.UnkId, source.Encode("Thursday, 3rd of May, 1979"));
        Assert.Equal("1979-05-03", target.Decode(target.Encode("1979-05-03")));
    }

    [Fact]
    public void Format_OutOfRange_ThrowsArgument()
    {
        Assert.Throws<ArgumentException>("date", () => DateTask.Format(new DateOnly(1949, 12, 31), 0));
        Assert.Throws<ArgumentException>("format", () => DateTask.Format(s_date, DateTask.FormatCount));
        Assert.Throws<ArgumentException>("casing", () => DateTask.Format(s_date, 0, 3));
    }
}
