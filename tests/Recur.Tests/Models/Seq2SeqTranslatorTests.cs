using Recur.Models;
using Recur.Text;

namespace Recur.Tests.Models;

public sealed class Seq2SeqTranslatorTests
{
    // French spacing before ? ! ; : is not restored (13a splits those marks, so BLEU does not see it).
    [Theory]
    [InlineData("Est-ce que tu as 3.5 euros ?", "Est-ce que tu as 3.5 euros?")]
    [InlineData("Hello, world!", "Hello, world!")]
    [InlineData("J'ai (presque) 100% raison.", "J'ai (presque) 100% raison.")]
    [InlineData("Qu'est-ce que c'est ?", "Qu'est-ce que c'est?")]
    public void Detokenize_WordTokens_RestoresTheText(string text, string expected) =>
        Assert.Equal(expected, Seq2SeqTranslator.Detokenize(Tokenizer.Words(text, false), TokenLevel.Word));

    [Fact]
    public void Detokenize_Characters_Concatenates() =>
        Assert.Equal("1979-05-03", Seq2SeqTranslator.Detokenize(Tokenizer.Chars("1979-05-03"), TokenLevel.Char));
}
