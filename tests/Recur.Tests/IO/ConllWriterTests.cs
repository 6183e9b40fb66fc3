using Recur.IO;

namespace Recur.Tests.IO;

public sealed class ConllWriterTests
{
    [Fact]
    public void Write_ConllU_ReplacesTheTagFieldAndKeepsEveryOtherLine()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("a.conllu"), ConllReaderTests.ConllU);
        var options = new ConllReadOptions { Format = ConllFormat.ConllU, RequireTags = false };
        var sentences = ConllReader.Read(dir.File("a.conllu"), options);
        var text = new StringWriter();
        ConllWriter.Write(text, sentences[0], ["A", "B", "C", "D"], options);
        ConllWriter.Write(text, sentences[1], ["E"], options);
        string expected = ConllReaderTests.ConllU
            .Replace("\tPRON\t", "\tA\t").Replace("\tAUX\t", "\tB\t").Replace("\tPART\t", "\tC\t").Replace("\tPUNCT\t", "\tD\t")
            .Replace("\tINTJ\t", "\tE\t") + "\n";
        Assert.Equal(expected, text.ToString());
    }

    [Fact]
    public void Write_Columns_ReplacesTheLastFieldOrAddsOne()
    {
        var options = new ConllReadOptions { RequireTags = false };
        var tagged = new ConllSentence(["EU", "rejects"], null, ["EU NNP B-ORG", "rejects VBZ O"], [0, 1], 1);
        var bare = ConllSentence.FromTokens(["Hello", "world"]);
        var text = new StringWriter();
        ConllWriter.Write(text, tagged, ["X", "Y"], options);
        ConllWriter.Write(text, bare, ["UH", "NN"], options);
        Assert.Equal("EU NNP X\nrejects VBZ Y\n\nHello\tUH\nworld\tNN\n\n", text.ToString());
        var third = new StringWriter();
        ConllWriter.Write(third, bare, ["UH", "NN"], options with { TagColumn = 2 });
        Assert.Equal("Hello\t_\tUH\nworld\t_\tNN\n\n", third.ToString());
    }
}
