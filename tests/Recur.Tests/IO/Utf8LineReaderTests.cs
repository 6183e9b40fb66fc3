using System.Text;
using Recur.IO;
using Recur.Text;

namespace Recur.Tests.IO;

public sealed class Utf8LineReaderTests
{
    private static List<(string Text, bool EndsLine, int Line)> ReadAll(string path, LongLineSplit split = LongLineSplit.None, int max = Utf8LineReader.DefaultMaxLineBytes)
    {
        using var reader = new Utf8LineReader(path, split, max);
        var pieces = new List<(string, bool, int)>();
        while (reader.Read(out string text, out bool endsLine)) pieces.Add((text, endsLine, reader.LineNumber));
        return pieces;
    }

    private static string Write(TempDirectory dir, byte[] bytes, string name = "text.txt")
    {
        string path = dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("a", new[] { "a" })]
    [InlineData("a\n", new[] { "a" })]
    [InlineData("\n\n", new[] { "", "" })]
    [InlineData("a\r\nb\rc\nd", new[] { "a", "b", "c", "d" })]
    [InlineData("a\r\r\nb", new[] { "a", "", "b" })]
    [InlineData("\uFEFFé😀\r\n", new[] { "é😀" })]
    public void Read_LineBreaksAndByteOrderMark_GiveTheLines(string content, string[] expected)
    {
        using var dir = new TempDirectory();
        string path = Write(dir, Encoding.UTF8.GetBytes(content));
        var pieces = ReadAll(path);
        Assert.Equal(expected, pieces.Select(p => p.Text).ToArray());
        Assert.All(pieces, p => Assert.True(p.EndsLine));
        Assert.Equal(Enumerable.Range(1, expected.Length).ToArray(), pieces.Select(p => p.Line).ToArray());
    }

    [Fact]
    public void Read_CrLfSplitAcrossBuffers_IsOneLineBreak()
    {
        // The 64 KiB read buffer ends between \r and \n.
        using var dir = new TempDirectory();
        string first = new('x', (1 << 16) - 1);
        string path = Write(dir, Encoding.UTF8.GetBytes(first + "\r\nnext\n"));
        Assert.Equal([first, "next"], ReadAll(path).Select(p => p.Text).ToArray());
    }

    [Theory]
    [InlineData(new byte[] { (byte)'a', (byte)'\n', (byte)'b', 0xFF }, 2, 3)]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'a', 0xC3 }, 1, 4)]             // cut short at the end, after a BOM
    [InlineData(new byte[] { (byte)'x', 0xC0, 0x80 }, 1, 1)]                          // overlong NUL
    [InlineData(new byte[] { (byte)'\n', (byte)'\n', 0xED, 0xA0, 0x80 }, 3, 2)]       // a UTF-16 surrogate encoded
    [InlineData(new byte[] { (byte)'a', (byte)'b', 0x80 }, 1, 2)]                     // a lone continuation byte
    public void Read_InvalidUtf8_ThrowsNamingLineAndByte(byte[] bytes, int line, int offset)
    {
        using var dir = new TempDirectory();
        string path = Write(dir, bytes);
        var e = Assert.Throws<InvalidDataException>(() => ReadAll(path));
        Assert.Equal($"{path}:{line}: invalid UTF-8 at byte {offset}.", e.Message);
    }

    [Fact]
    public void Read_NulByte_ThrowsNamingLineAndByte()
    {
        using var dir = new TempDirectory();
        string path = Write(dir, [(byte)'o', (byte)'k', (byte)'\n', (byte)'a', 0, (byte)'b']);
        var e = Assert.Throws<InvalidDataException>(() => ReadAll(path));
        Assert.Equal($"{path}:2: NUL byte (a binary file?) at byte 4.", e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, (byte)'a', 0 })]
    [InlineData(new byte[] { 0xFE, 0xFF, 0, (byte)'a' })]
    public void Read_Utf16ByteOrderMark_ThrowsSayingSo(byte[] bytes)
    {
        using var dir = new TempDirectory();
        string path = Write(dir, bytes);
        var e = Assert.Throws<InvalidDataException>(() => ReadAll(path));
        Assert.StartsWith($"{path}: UTF-16 text", e.Message);
    }

    [Fact]
    public void Read_LineLongerThanTheLimit_ThrowsBeforeReadingTheRest()
    {
        using var dir = new TempDirectory();
        // The long line is the second; the invalid byte after the limit is never reached.
        byte[] bytes = [.. "short\n"u8, .. Enumerable.Repeat((byte)'a', 100), 0xFF, .. "\nlast\n"u8];
        string path = Write(dir, bytes);
        var e = Assert.Throws<InvalidDataException>(() => ReadAll(path, max: 64));
        Assert.Equal($"{path}:2: the line starting at byte 6 is longer than 64 bytes; expected one sentence, pair or record per line.", e.Message);
    }

    [Fact]
    public void Read_LongLineSplitAtSpaces_PiecesJoinToTheLineAndNoWordIsCut()
    {
        using var dir = new TempDirectory();
        var words = Enumerable.Range(0, 500).Select(i => "w" + i).ToArray();
        string line = string.Join(' ', words);
        string path = Write(dir, Encoding.UTF8.GetBytes(line + "\nafter\n"));
        var pieces = ReadAll(path, LongLineSplit.AtSpace, max: 100);

        Assert.True(pieces.Count > 20);
        Assert.All(pieces, p => Assert.True(Encoding.UTF8.GetByteCount(p.Text) <= 100));
        Assert.Equal(line, string.Concat(pieces.Take(pieces.Count - 1).Select(p => p.Text)));
        Assert.Equal(words, pieces.SelectMany(p => Tokenizer.WhitespaceTokens(p.Text, false)).Take(words.Length).ToArray());
        Assert.All(pieces.Take(pieces.Count - 2), p => Assert.False(p.EndsLine));
        Assert.Equal(("after", true, 2), pieces[^1]);
        Assert.All(pieces.Take(pieces.Count - 1), p => Assert.Equal(1, p.Line));
    }

    [Fact]
    public void Read_LongLineSplitAtScalars_NeverCutsACharacter()
    {
        using var dir = new TempDirectory();
        // Characters of 1, 2, 3 and 4 UTF-8 bytes, so that cuts fall inside every kind of sequence.
        string line = string.Concat(Enumerable.Repeat("aé€😀", 200));
        string path = Write(dir, Encoding.UTF8.GetBytes(line));
        for (int max = 4; max <= 13; max++)
        {
            var pieces = ReadAll(path, LongLineSplit.AtScalar, max);
            Assert.Equal(line, string.Concat(pieces.Select(p => p.Text)));
            Assert.All(pieces, p => Assert.DoesNotContain('\uFFFD', p.Text));
            Assert.True(pieces[^1].EndsLine);
        }
    }

    [Fact]
    public void Read_LongLineWithoutSpaceSplitAtSpaces_ThrowsNamingTheLine()
    {
        using var dir = new TempDirectory();
        string path = Write(dir, [.. "ok\n"u8, .. Enumerable.Repeat((byte)'z', 300)]);
        var e = Assert.Throws<InvalidDataException>(() => ReadAll(path, LongLineSplit.AtSpace, max: 64));
        Assert.Equal($"{path}:2: no space or tab in 64 bytes: a token that long is not text at byte 3.", e.Message);
    }

    [Fact]
    public void Open_DirectoryOrMissingFile_ThrowsNamingThePath()
    {
        using var dir = new TempDirectory();
        Assert.Equal($"{dir.Path}: is a directory, expected a text file.", Assert.Throws<IOException>(() => new Utf8LineReader(dir.Path)).Message);
        string missing = dir.File("missing.txt");
        Assert.Equal($"{missing}: no such text file.", Assert.Throws<FileNotFoundException>(() => new Utf8LineReader(missing)).Message);
    }

    [Theory]
    [InlineData(TokenLevel.Whitespace, "the cat sat on the mat ")]
    [InlineData(TokenLevel.Word, "Don't stop, the dog's tail! ")]
    [InlineData(TokenLevel.Char, "é€😀 ab ")]
    public void ReadStream_OneLineOfThreeMegabytes_GivesTheIdsOfTheWholeLine(TokenLevel level, string unit)
    {
        // Longer than the 1 MiB a line is read whole: the pieces must give the same ids as the line read at once.
        using var dir = new TempDirectory();
        string line = string.Concat(Enumerable.Repeat(unit, (3 << 20) / Encoding.UTF8.GetByteCount(unit) + 1));
        string path = Write(dir, Encoding.UTF8.GetBytes(line + "\nend"));
        var vocabulary = CorpusReader.BuildVocabulary(path, level, int.MaxValue, lowerCase: false, longLines: true);
        int[] ids = CorpusReader.ReadStream(path, vocabulary);
        int[] expected = [.. vocabulary.Encode(line), Vocabulary.EosId, .. vocabulary.Encode("end"), Vocabulary.EosId];
        Assert.Equal(expected.Length, ids.Length);
        Assert.True(expected.AsSpan().SequenceEqual(ids), "the ids differ from those of the line read whole");
        Assert.Throws<InvalidDataException>(() => CorpusReader.ReadLines(path, vocabulary));
    }
}
