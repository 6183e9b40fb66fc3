using Recur.IO;

namespace Recur.Tests.IO;

public sealed class TsvClassificationReaderTests
{
    private static List<ClassificationRecord> Read(string name, string text, TsvClassificationOptions? options = null)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File(name), text);
        return TsvClassificationReader.Read(dir.File(name), options);
    }

    [Fact]
    public void Read_TsvWithHeader_DetectsItAndTrimsFields()
    {
        var records = Read("a.tsv", "sentence\tlabel\nit 's good \t1\n\nbad\t0\nfine\t1\n");
        Assert.Equal(3, records.Count);
        Assert.Equal(new ClassificationRecord("it 's good", "1", 2), records[0]);
        Assert.Equal(new ClassificationRecord("bad", "0", 4), records[1]);
    }

    [Fact]
    public void Read_TsvWithoutHeader_KeepsTheFirstLine()
    {
        var records = Read("a.tsv", "ACGT\tyes\nTTTT\tno\nGGGA\tyes\n");
        Assert.Equal(3, records.Count);
        Assert.Equal("ACGT", records[0].Text);
        Assert.Equal(2, Read("a.tsv", "ACGT\tyes\nTTTT\tno\nGGGA\tyes\n", new TsvClassificationOptions { Header = true }).Count);
        // A first label seen nowhere else is not enough: it must name a column, or be a word above numbers.
        Assert.Equal(3, Read("a.tsv", "x\tfoo\ny\tbar\nz\tbar\n").Count);
        Assert.Equal(2, Read("a.tsv", "x\tfoo\ny\t0\nz\t1\n").Count);
        Assert.Equal(2, Read("a.tsv", "review\tstars\ngood\tfive\nbad\tone\n").Count);
    }

    [Fact]
    public void Read_TsvQuotes_AreLiteral()
    {
        var records = Read("a.tsv", "\"quoted\" text\tpos\nother\tneg\n", new TsvClassificationOptions { Header = false });
        Assert.Equal("\"quoted\" text", records[0].Text);
    }

    [Fact]
    public void Read_CsvQuoting_HandlesCommasDoubledQuotesAndLineBreaks()
    {
        var records = Read("a.csv", "label,text\npos,\"good, \"\"very\"\" good\"\nneg, \"two\nlines\" \nneg,plain\n",
            new TsvClassificationOptions { TextColumn = 1, LabelColumn = 0 });
        Assert.Equal(3, records.Count);
        Assert.Equal(new ClassificationRecord("good, \"very\" good", "pos", 2), records[0]);
        Assert.Equal(new ClassificationRecord("two\nlines", "neg", 3), records[1]);
        Assert.Equal(new ClassificationRecord("plain", "neg", 5), records[2]);
    }

    [Fact]
    public void Read_SelectableLabelColumn_ReadsIt()
    {
        var records = Read("a.tsv", "id\ttext\tlabel\n1\tx\ta\n2\ty\tb\n", new TsvClassificationOptions { TextColumn = 1, LabelColumn = 2 });
        Assert.Equal(["a", "b"], records.Select(r => r.Label));
    }

    [Fact]
    public void Read_WithoutLabels_AcceptsTextAlone()
    {
        var records = Read("a.tsv", "one\ntwo\n", new TsvClassificationOptions { RequireLabels = false });
        Assert.Equal(["one", "two"], records.Select(r => r.Text));
        Assert.All(records, r => Assert.Null(r.Label));
    }

    [Theory]
    [InlineData("a.tsv", "x\t1\ny\n", "a.tsv:2: expected at least 2 fields separated by tabs, found 1.")]
    [InlineData("a.tsv", "x\t1\n\ny\t \n", "a.tsv:3: the label (field 2) is empty.")]
    [InlineData("a.csv", "x,1\n\"y,1\nz,0\n", "a.csv:2: a quoted field is not closed before the end of the file.")]
    [InlineData("a.csv", "x,1\n\"y\"z,1\n", "a.csv:2: unexpected 'z' after a closing quote (column 4).")]
    public void Read_MalformedRecord_NamesFileAndLine(string name, string text, string expected)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File(name), text);
        var e = Assert.Throws<InvalidDataException>(() => TsvClassificationReader.Read(dir.File(name), new TsvClassificationOptions { Header = false }));
        Assert.Equal(dir.File(expected.Split(':')[0]) + expected[expected.IndexOf(':')..], e.Message);
    }

    [Fact]
    public void Options_SameColumnTwiceOrOtherDelimiter_Throw()
    {
        Assert.Throws<ArgumentException>(() => new TsvClassificationOptions { LabelColumn = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new TsvClassificationOptions { Delimiter = ';' }.Validate());
    }
}
