using System.Text;
using Recur.IO;

namespace Recur.Tests.IO;

public sealed class ParallelTextReaderTests
{
    private static string Write(TempDirectory dir, string text)
    {
        string path = dir.File("pairs.txt");
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public void Read_TatoebaLines_TakesFirstTwoColumnsTrimmedAndSkipsBlankLines()
    {
        using var dir = new TempDirectory();
        string path = Write(dir, "Go.\tVa !\tCC-BY 2.0 (France) Attribution: tatoeba.org #2877272\r\n\nRun!\tCours !\n  Wow! \t Ça alors ! \n\n");
        var pairs = ParallelTextReader.Read(path);
        Assert.Equal([("Go.", "Va !"), ("Run!", "Cours !"), ("Wow!", "Ça alors !")], pairs);
    }

    [Fact]
    public void Read_Reverse_SwapsTheColumns()
    {
        using var dir = new TempDirectory();
        string path = Write(dir, "\uFEFFGo.\tVa !\n");
        Assert.Equal([("Va !", "Go.")], ParallelTextReader.Read(path, reverse: true));
    }

    [Theory]
    [InlineData("a\tb\nno tab here\nc\td\n", ":2: expected source<TAB>target, found no tab")]
    [InlineData("a\tb\n\n\t only target\n", ":3: the first column is empty")]
    [InlineData("a\tb\nc\td\ne\t  \tattribution\n", ":3: the second column is empty")]
    public void Read_MalformedLine_NamesFileAndLine(string text, string message)
    {
        using var dir = new TempDirectory();
        string path = Write(dir, text);
        var e = Assert.Throws<InvalidDataException>(() => ParallelTextReader.Read(path));
        Assert.StartsWith(path + message, e.Message);
    }

    [Fact]
    public void Read_EmptyOrMissingFile_Throws()
    {
        using var dir = new TempDirectory();
        string path = Write(dir, "\n  \n");
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => ParallelTextReader.Read(path)).Message);
        Assert.Throws<FileNotFoundException>(() => ParallelTextReader.Read(dir.File("missing.txt")));
    }

    [Fact]
    public void Read_TatoebaFile_ReadsEveryPair()
    {
        string? path = TestSupport.SharedData.Find("tatoeba_fra_eng/fra.txt");
        Assert.SkipUnless(path is not null, "../shared/data/tatoeba_fra_eng/fra.txt is not present.");
        var pairs = ParallelTextReader.Read(path!);
        Assert.Equal(142_787, pairs.Count);
        Assert.Equal(("Go.", "Va !"), pairs[0]);
    }
}
