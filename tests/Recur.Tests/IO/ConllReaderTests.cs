using Recur.IO;

namespace Recur.Tests.IO;

public sealed class ConllReaderTests
{
    internal const string ConllU =
        "# sent_id = 1\n" +
        "# text = I don't know.\n" +
        "1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n" +
        "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n" +
        "2\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n" +
        "3\tn't\tnot\tPART\tRB\t_\t0\troot\t_\t_\n" +
        "3.1\tknow\tknow\tVERB\tVB\t_\t_\t_\t_\t_\n" +
        "4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n" +
        "\n" +
        "# sent_id = 2\n" +
        "1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n";

    [Fact]
    public void Read_ConllU_SkipsRangesEmptyNodesAndComments()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("a.conllu"), ConllU);
        var sentences = ConllReader.Read(dir.File("a.conllu"), new ConllReadOptions { Format = ConllFormat.ConllU });
        Assert.Equal(2, sentences.Count);
        Assert.Equal(["I", "do", "n't", "."], sentences[0].Tokens);
        Assert.Equal(["PRON", "AUX", "PART", "PUNCT"], sentences[0].Tags!);
        Assert.Equal(8, sentences[0].Lines.Count);
        Assert.Equal([2, 4, 5, 7], sentences[0].TokenLines);
        Assert.Equal(1, sentences[0].FirstLine);
        Assert.Equal(10, sentences[1].FirstLine);
        Assert.Equal(["Hi"], sentences[1].Tokens);
    }

    [Fact]
    public void Read_ConllUXpos_ReadsField5()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("a.conllu"), ConllU);
        var sentences = ConllReader.Read(dir.File("a.conllu"), new ConllReadOptions { Format = ConllFormat.ConllU, Xpos = true });
        Assert.Equal(["PRP", "VBP", "RB", "."], sentences[0].Tags!);
    }

    [Fact]
    public void Read_Columns_SelectableTagColumnSpacesOrTabsAndDocstart()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("a.conll"),
            "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\n\n" +
            "Peter\tNNP\tB-NP\tB-PER\r\nBlackburn\tNNP\tI-NP\tI-PER\r\n");
        var last = ConllReader.Read(dir.File("a.conll"));
        Assert.Equal(2, last.Count);
        Assert.Equal(["EU", "rejects"], last[0].Tokens);
        Assert.Equal(["B-ORG", "O"], last[0].Tags!);
        Assert.Equal(["B-PER", "I-PER"], last[1].Tags!);
        var pos = ConllReader.Read(dir.File("a.conll"), new ConllReadOptions { TagColumn = 1 });
        Assert.Equal(["NNP", "VBZ"], pos[0].Tags!);
        Assert.Equal(3, pos[0].FirstLine);
    }

    [Fact]
    public void Read_ColumnsWithoutTags_ReadsTokensAlone()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("a.txt"), "#hashtag\nword\n\nother\n");
        var sentences = ConllReader.Read(dir.File("a.txt"), new ConllReadOptions { RequireTags = false });
        Assert.Equal(["#hashtag", "word"], sentences[0].Tokens);
        Assert.Null(sentences[0].Tags);
        Assert.Equal(["other"], sentences[1].Tokens);
    }

    [Theory]
    [InlineData("conll", "a\tO\nb\n", "a.conll:2: expected a token and a tag, found 1 field.")]
    [InlineData("conll", "a\tO\n\n\t\tO\n", "a.conll:3: the token (first field) is empty.")]
    [InlineData("conll", "a\tO\nb\t\n", "a.conll:2: the tag (field 2) is empty.")]
    [InlineData("conllu", "1\ta\ta\tX\n", "a.conll:1: expected 10 tab-separated fields, found 4.")]
    [InlineData("conllu", "# c\n1\ta\ta\tX\t_\t_\t_\t_\t_\t_\nx\ta\ta\tX\t_\t_\t_\t_\t_\t_\n", "a.conll:3: bad word ID 'x'")]
    [InlineData("conllu", "1\ta\ta\tX\t_\t_\t_\t_\t_\t_\n2\tb\tb\t_\t_\t_\t_\t_\t_\t_\n", "a.conll:2: the word has no UPOS tag ('_').")]
    public void Read_MalformedLine_NamesFileAndLine(string format, string text, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.File("a.conll");
        File.WriteAllText(path, text);
        var options = new ConllReadOptions { Format = format == "conllu" ? ConllFormat.ConllU : ConllFormat.Columns };
        var e = Assert.Throws<InvalidDataException>(() => ConllReader.Read(path, options));
        Assert.StartsWith(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Read_TagColumnBeyondTheLine_NamesFileAndLine()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("a.conll"), "a NN B-NP O\nb NN\n");
        var e = Assert.Throws<InvalidDataException>(() => ConllReader.Read(dir.File("a.conll"), new ConllReadOptions { TagColumn = 3 }));
        Assert.Contains("a.conll:2: expected at least 4 fields, found 2", e.Message);
    }

    [Fact]
    public void Read_NoSentences_Throws()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("a.conll"), "\n\n");
        Assert.Throws<InvalidDataException>(() => ConllReader.Read(dir.File("a.conll")));
        Assert.Throws<ArgumentException>(() => ConllReader.Read(dir.File("a.conll"), new ConllReadOptions { TagColumn = 0 }));
    }
}
