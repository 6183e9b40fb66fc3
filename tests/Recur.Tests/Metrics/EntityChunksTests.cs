using Recur.Metrics;

namespace Recur.Tests.Metrics;

public sealed class EntityChunksTests
{
    private static string Spans(string tags) =>
        string.Join(" ", EntityChunks.Extract(tags.Split(' ')).Select(s => $"{s.Type}[{s.Start},{s.End})"));

    [Theory]
    // IOB2: B starts, I continues.
    [InlineData("B-PER I-PER O B-LOC", "PER[0,2) LOC[3,4)")]
    // An I- without a B- starts an entity (IOB1 and conlleval).
    [InlineData("O I-PER I-PER O", "PER[1,3)")]
    [InlineData("I-PER", "PER[0,1)")]
    // IOB1: B- only separates two adjacent entities of the same type.
    [InlineData("I-PER I-PER B-PER I-PER", "PER[0,2) PER[2,4)")]
    // A type change in the middle of a span splits it in two.
    [InlineData("B-PER I-LOC I-LOC", "PER[0,1) LOC[1,3)")]
    [InlineData("B-PER I-PER I-LOC O", "PER[0,2) LOC[2,3)")]
    // Adjacent entities: B after B, B after I.
    [InlineData("B-ORG B-ORG I-ORG", "ORG[0,1) ORG[1,3)")]
    [InlineData("B-ORG I-ORG B-PER", "ORG[0,2) PER[2,3)")]
    // BIOES: singles, begin/end pairs, and an E or S closing the entity.
    [InlineData("S-PER S-PER O B-LOC I-LOC E-LOC", "PER[0,1) PER[1,2) LOC[3,6)")]
    [InlineData("B-LOC E-LOC B-LOC E-LOC", "LOC[0,2) LOC[2,4)")]
    [InlineData("B-LOC E-LOC I-LOC", "LOC[0,2) LOC[2,3)")]
    [InlineData("O E-MISC O", "MISC[1,2)")]
    [InlineData("B-PER S-PER", "PER[0,1) PER[1,2)")]
    // An entity open at the end of the sentence is closed there.
    [InlineData("O O B-X I-X", "X[2,4)")]
    [InlineData("O O O", "")]
    public void Extract_TrickySpans_AreCutAsConlleval(string tags, string expected)
    {
        Assert.Equal(expected, Spans(tags));
    }

    [Fact]
    public void Extract_TypesWithHyphens_KeepTheWholeType()
    {
        Assert.Equal("creative-work[0,2)", Spans("B-creative-work I-creative-work"));
    }

    [Theory]
    [InlineData("X-PER")]
    [InlineData("B")]
    [InlineData("B-")]
    [InlineData("")]
    public void Extract_MalformedTag_ThrowsArgumentException(string tag)
    {
        var e = Assert.Throws<ArgumentException>(() => EntityChunks.Extract(["O", tag]));
        Assert.Contains($"'{tag}'", e.Message);
    }

    [Fact]
    public void IsEntityTagSet_EntityAndPosTags_AreTellApart()
    {
        Assert.True(EntityChunks.IsEntityTagSet(["O", "B-PER", "I-PER", "S-LOC", "E-LOC"]));
        Assert.False(EntityChunks.IsEntityTagSet(["NOUN", "VERB", "DET"]));
        Assert.False(EntityChunks.IsEntityTagSet(["O"]));
        Assert.False(EntityChunks.IsEntityTagSet(["O", "B-PER", "NOUN"]));
    }
}
