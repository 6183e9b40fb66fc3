using Recur.Metrics;

namespace Recur.Tests.Metrics;

// Expected values are worked out by hand from sacreBLEU 2.x's definition (corpus_bleu with its defaults: 13a,
// exp smoothing, no effective order); the arithmetic of each is in its comment.
public sealed class BleuTests
{
    private const int Digits = 10;

    [Fact]
    public void Corpus_IdenticalSentences_Is100()
    {
        var score = Bleu.Corpus(["the cat sat on the mat", "a dog ran"], ["the cat sat on the mat", "a dog ran"]);
        Assert.Equal(100, score.Score, Digits);
        Assert.Equal(1, score.BrevityPenalty);
        Assert.Equal([9L, 7, 5, 3], score.Matches);
    }

    [Fact]
    public void Corpus_ShortHypothesis_AppliesBrevityPenalty()
    {
        // c = 4, r = 6; every n-gram matches (4/4, 3/3, 2/2, 1/1): BLEU = 100·exp(1 − 6/4) = 60.653065971263366.
        var score = Bleu.Corpus(["the cat sat on"], ["the cat sat on the mat"]);
        Assert.Equal(60.653065971263366, score.Score, Digits);
        Assert.Equal(Math.Exp(-0.5), score.BrevityPenalty, Digits);
        Assert.Equal(4, score.HypothesisLength);
        Assert.Equal(6, score.ReferenceLength);
    }

    [Fact]
    public void Corpus_PartialMatch_IsGeometricMeanOfClippedPrecisions()
    {
        // "the" twice in the reference; "a" unmatched. p = 5/6, 3/5, 2/4, 1/3; BP = 1; BLEU = 100·(1/12)^(1/4).
        var score = Bleu.Corpus(["the cat sat on a mat"], ["the cat sat on the mat"]);
        Assert.Equal(53.7284965911771, score.Score, Digits);
        Assert.Equal([5L, 3, 2, 1], score.Matches);
        Assert.Equal([6L, 5, 4, 3], score.Totals);
    }

    [Fact]
    public void Corpus_ClipsRepeatedWords()
    {
        // The classic "the the the the the the the" against "the cat is on the mat": unigram 2/7 (clipped), no bigram
        // match; exp smoothing: p2 = 100/(2·6), p3 = 100/(4·5), p4 = 100/(8·4); c = 7 > r = 6.
        var score = Bleu.Corpus(["the the the the the the the"], ["the cat is on the mat"]);
        Assert.Equal([2L, 0, 0, 0], score.Matches);
        double expected = 100 * Math.Exp((Math.Log(2.0 / 7) + Math.Log(1.0 / 12) + Math.Log(1.0 / 20) + Math.Log(1.0 / 32)) / 4);
        Assert.Equal(expected, score.Score, Digits);
        Assert.Equal(7.809849842300641, score.Score, 9);
    }

    [Fact]
    public void Corpus_NoFourGramMatch_UsesExpSmoothing()
    {
        // p = 4/5, 2/4, 1/3, and 0/2 → 100/(2·2) = 25; BP = exp(1 − 6/5). BLEU = 0.818730753·(0.8·0.5·⅓·0.25)^(1/4).
        var score = Bleu.Corpus(["a cat sat on mat"], ["the cat sat on the mat"]);
        Assert.Equal(34.98330125272253, score.Score, Digits);
        Assert.Equal([80.0, 50.0, 100.0 / 3, 25.0], score.Precisions.ToArray(), (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Fact]
    public void Corpus_TwoSegments_SumsCountsOverTheCorpus()
    {
        // Counts of the two segments above added: p = 9/10, 6/8, 4/6, 2/4; c = 10, r = 12. Not the mean of 60.65 and 53.73.
        var score = Bleu.Corpus(["the cat sat on", "the cat sat on a mat"], ["the cat sat on the mat", "the cat sat on the mat"]);
        Assert.Equal(56.388005463150684, score.Score, Digits);
        Assert.Equal(10, score.HypothesisLength);
        Assert.Equal(12, score.ReferenceLength);
    }

    [Fact]
    public void Corpus_NoMatchAtAll_IsZero()
    {
        var score = Bleu.Corpus(["x y z w"], ["a b c d"]);
        Assert.Equal(0, score.Score);
        Assert.Equal([0.0, 0, 0, 0], score.Precisions.ToArray());
        Assert.Equal(0, Bleu.Corpus([""], ["a b c d"]).Score);
        Assert.Equal(0, Bleu.Corpus([""], ["a b c d"]).BrevityPenalty);
    }

    [Fact]
    public void Corpus_AllHypothesesShorterThanFour_IsZero()
    {
        // Every n-gram matches, but there is no hypothesis 4-gram: sacreBLEU leaves p4 = 0, so BLEU = 0.
        Assert.Equal(0, Bleu.Corpus(["the cat", "a dog ran"], ["the cat", "a dog ran"]).Score);
    }

    [Fact]
    public void Corpus_TwoReferences_ClosestLengthShorterOnTieAndMaxCounts()
    {
        // c = 5; reference lengths 4 and 6 are equally close: r = 4, so BP = 1. "e" and the n-grams through it come from
        // the second reference: every order matches fully, BLEU = 100 (with r = 6 it would be 100·exp(1 − 6/5)).
        IReadOnlyList<IReadOnlyList<string>> references = [["a b c d", "a b c d e f"]];
        var score = Bleu.Corpus(["a b c d e"], references);
        Assert.Equal(4, score.ReferenceLength);
        Assert.Equal(100, score.Score, Digits);
    }

    [Fact]
    public void Corpus_Tokenization_13aSplitsPunctuationNotDecimalsOrApostrophes()
    {
        // After 13a both sides are "The cat , it costs $ 3.50 ." (8 tokens).
        var score = Bleu.Corpus(["The cat, it costs $3.50."], ["The cat , it costs $ 3.50 ."]);
        Assert.Equal(100, score.Score, Digits);
        Assert.Equal(8, score.HypothesisLength);
        // Without tokenisation "cat," and "cat" differ.
        Assert.True(Bleu.Corpus(["The cat, it costs $3.50."], ["The cat , it costs $ 3.50 ."], tokenize: false).Score < 50);
        // Case matters unless asked otherwise.
        Assert.Equal(0, Bleu.Corpus(["THE CAT SAT DOWN"], ["the cat sat down"]).Score);
        Assert.Equal(100, Bleu.Corpus(["THE CAT SAT DOWN"], ["the cat sat down"], lowerCase: true).Score, Digits);
    }

    [Theory]
    [InlineData("Hello, world!", "Hello , world !")]
    [InlineData("It costs $3.50.", "It costs $ 3.50 .")]
    [InlineData("1,000 people (approx.)", "1,000 people ( approx . )")]
    [InlineData("pages 3-5 of the e-mail", "pages 3 - 5 of the e-mail")]
    [InlineData("Don't go, l'homme.", "Don't go , l'homme .")]
    [InlineData("&quot;Yes&quot; &amp; no", "\" Yes \" & no")]
    [InlineData("  Va  ! ", "Va !")]
    [InlineData("a/b:c;d@e", "a / b : c ; d @ e")]
    [InlineData("1979-05-03", "1979 - 05 - 03")]
    [InlineData("x.y", "x . y")]
    public void Tokenize_13a(string line, string expected) => Assert.Equal(expected, BleuTokenizer.Tokenize(line));

    [Fact]
    public void Corpus_MismatchedLists_ThrowArgument()
    {
        Assert.Throws<ArgumentException>(() => Bleu.Corpus(["a"], ["a", "b"]));
        IReadOnlyList<IReadOnlyList<string>> none = [[]];
        Assert.Throws<ArgumentException>(() => Bleu.Corpus(["a"], none));
    }

    [Fact]
    public void ToString_IsSacreBleuSummaryLine() =>
        Assert.Equal("BLEU = 34.98 80.0/50.0/33.3/25.0 (BP = 0.819 ratio = 0.833 hyp_len = 5 ref_len = 6)",
            Bleu.Corpus(["a cat sat on mat"], ["the cat sat on the mat"]).ToString());
}
