using Recur.Text;

namespace Recur.Tests.Text;

public sealed class TokenizerTests
{
    [Fact]
    public void Chars_EmojiOutsideBmp_IsOneToken()
    {
        Assert.Equal(["a", "😀", "中", "é", " ", "𝄞"], Tokenizer.Chars("a😀中é 𝄞"));
    }

    [Fact]
    public void Chars_LoneSurrogates_BecomeReplacementChar()
    {
        Assert.Equal(["x", "\uFFFD", "y", "\uFFFD"], Tokenizer.Chars("x\uD800y\uDC00"));
    }

    [Fact]
    public void Chars_LowerCase_UsesInvariantCulture()
    {
        Assert.Equal(["i", "é", "ß"], Tokenizer.Chars("IÉß", lowerCase: true));
    }

    [Fact]
    public void Words_Punctuation_IsSeparateTokens()
    {
        Assert.Equal(["Hello", ",", "world", "!"], Tokenizer.Words("Hello, world!", lowerCase: false));
        Assert.Equal(["a", "(", "b", ")", "-", "-", "c", ".", "."], Tokenizer.Words("a (b) --c..", false));
        Assert.Equal(["3", ".", "14", "$", "5"], Tokenizer.Words("3.14 $5", false));
    }

    [Fact]
    public void Words_Apostrophes_StayInsideWordsOnly()
    {
        Assert.Equal(["don't", "say", "'", "hi", "'", "o'clock", "dogs", "'"], Tokenizer.Words("don't say 'hi' o'clock dogs'", false));
        Assert.Equal(["it", "'", "s", "do", "n't"], Tokenizer.Words("it 's do n't", false));
        Assert.Equal(["we’re"], Tokenizer.Words("we’re", false));
    }

    [Fact]
    public void Words_PtbTextWithLiteralUnk_KeepsSpecialsWhole()
    {
        string ptb = " aer banknote berlitz <unk> calloway centrust <eos> pierre <unk> N years old ";
        Assert.Equal(
            ["aer", "banknote", "berlitz", "<unk>", "calloway", "centrust", "<eos>", "pierre", "<unk>", "N", "years", "old"],
            Tokenizer.Words(ptb, lowerCase: false));
        Assert.Equal(["a", "<unk>", "b", "<", "x", ">"], Tokenizer.Words("a<unk>b <x>", false));
    }

    [Fact]
    public void Words_LowerCase_LowersAndKeepsSpecials()
    {
        Assert.Equal(["hello", "<unk>", "ÉTÉ".ToLowerInvariant()], Tokenizer.Words("HeLLo <UNK> ÉTÉ", lowerCase: true));
    }

    [Fact]
    public void Words_UnicodeText_SplitsOnWhitespaceAndSymbols()
    {
        // A decomposed accent (e + U+0301) stays in its word; an emoji and CJK punctuation are tokens of their own.
        Assert.Equal(["cafe\u0301", "😀", "中文", "。", "ok"], Tokenizer.Words("cafe\u0301😀 中文。\u00A0ok\t", false));
    }

    [Fact]
    public void Words_Whitespace_GivesNoTokens()
    {
        Assert.Empty(Tokenizer.Words(" \t \u3000 ", false));
        Assert.Empty(Tokenizer.Chars(""));
    }

    [Fact]
    public void WhitespaceTokens_PreTokenisedText_KeepsEveryRunWhole()
    {
        string ptb = " the s&p 500 <unk> was n't 's $ N-year \tmid-october\u00A0a.m. <eos> ";
        Assert.Equal(["the", "s&p", "500", "<unk>", "was", "n't", "'s", "$", "N-year", "mid-october", "a.m.", "<eos>"],
            Tokenizer.WhitespaceTokens(ptb, lowerCase: false));
        Assert.Equal(["hello,", "world!"], Tokenizer.Split("Hello, WORLD!", TokenLevel.Whitespace, lowerCase: true));
        Assert.Equal(["😀👍🏽", "中文。"], Tokenizer.WhitespaceTokens("😀👍🏽 中文。", false));
        Assert.Empty(Tokenizer.WhitespaceTokens(" \t \u3000 ", false));
    }

    [Fact]
    public void WhitespaceTokens_LoneSurrogate_TokenBecomesReplacementChar()
    {
        Assert.Equal(["ok", "\uFFFD", "x😀"], Tokenizer.WhitespaceTokens("ok a\uD800b x😀", false));
    }

    [Fact]
    public void Split_UndefinedLevel_Throws()
    {
        Assert.Throws<ArgumentException>(() => Tokenizer.Split("a", (TokenLevel)7, false));
        Assert.Throws<ArgumentNullException>(() => Tokenizer.Words(null!, false));
    }
}
