using Recur.IO;
using Recur.Text;

namespace Recur.Tests.IO;

public sealed class WordVectorsReaderTests
{
    private static readonly Vocabulary s_vocabulary = new(TokenLevel.Whitespace, false,
        ["<unk>", "<eos>", "the", "Paris", "cat", "zebra"], [0, 0, 5, 3, 2, 1]);

    [Fact]
    public void ReadInto_GloveFile_CopiesFoundRowsAndFallsBackToLowerCase()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("v.txt"), "the 1 2\nparis 3 4\ncat 5 6\ndog 7 8\nParis 9 10\n");
        var table = new float[6 * 2];
        Array.Fill(table, -1f);
        Assert.Equal(2, WordVectorsReader.ReadDimension(dir.File("v.txt")));
        int found = WordVectorsReader.ReadInto<float>(dir.File("v.txt"), s_vocabulary, table, 2);
        Assert.Equal(3, found);
        // "Paris" first takes "paris", then its exact spelling wins; "zebra" and the specials stay as they were.
        Assert.Equal([-1f, -1, -1, -1, 1, 2, 9, 10, 5, 6, -1, -1], table);
    }

    [Fact]
    public void ReadInto_Word2VecHeaderAndWordWithSpaces_AreRead()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("v.txt"), "2 3\nthe cat 1 2 3\ncat 4 5 6\n");
        Assert.Equal(3, WordVectorsReader.ReadDimension(dir.File("v.txt")));
        var table = new double[6 * 3];
        Assert.Equal(1, WordVectorsReader.ReadInto<double>(dir.File("v.txt"), s_vocabulary, table, 3));
        Assert.Equal([4.0, 5, 6], table.AsSpan(4 * 3, 3).ToArray());
    }

    [Theory]
    [InlineData("the 1 2\ncat 3\n", "v.txt:2: expected a word and 2 numbers, found 2 fields.")]
    [InlineData("the 1 2\ncat 3 x\n", "v.txt:2: field 3 ('x') is not a finite number.")]
    [InlineData("5 3\nthe 1 2\n", "v.txt:1: the header gives dimension 3, expected 2.")]
    public void ReadInto_MalformedLine_NamesFileAndLine(string text, string expected)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("v.txt"), text);
        var e = Assert.Throws<InvalidDataException>(() => WordVectorsReader.ReadInto<float>(dir.File("v.txt"), s_vocabulary, new float[12], 2));
        Assert.Equal(dir.File(expected), e.Message);
    }
}
