using System.Text;
using Recur.Text;

namespace Recur.Tests.Text;

public sealed class CorpusReaderTests
{
    [Fact]
    public void ReadLines_BomCrlfAndBlankLines_AreHandled()
    {
        using var dir = new TempDirectory();
        byte[] text = [0xEF, 0xBB, 0xBF, .. "the cat\r\n\r\nsat on\r\n   \nthe mat"u8];
        string path = dir.File("c.txt", text);

        var vocab = CorpusReader.BuildVocabulary(path, TokenLevel.Word, 100, lowerCase: false);
        Assert.Equal([Vocabulary.Unk, Vocabulary.Eos, "the", "cat", "mat", "on", "sat"], vocab.Tokens);
        Assert.Equal(5, vocab.Counts[Vocabulary.EosId]); // five lines, blank ones included

        int[][] lines = CorpusReader.ReadLines(path, vocab);
        Assert.Equal(3, lines.Length);
        Assert.Equal("the cat", vocab.Decode(lines[0]));
        Assert.Equal("sat on", vocab.Decode(lines[1]));
        Assert.Equal("the mat", vocab.Decode(lines[2]));

        int[] stream = CorpusReader.ReadStream(path, vocab);
        Assert.Equal("the cat\n\nsat on\n\nthe mat\n", vocab.Decode(stream));
    }

    [Fact]
    public void ReadStream_CharLevel_RebuildsTextWithLineBreaks()
    {
        using var dir = new TempDirectory();
        string text = "Première ligne 😀\n\n第二行\r\nend\n";
        string path = dir.File("c.txt", Encoding.UTF8.GetBytes(text));
        var vocab = CorpusReader.BuildVocabulary(path, TokenLevel.Char, int.MaxValue, lowerCase: false);
        int[] stream = CorpusReader.ReadStream(path, vocab);
        Assert.Equal(text.Replace("\r\n", "\n"), vocab.Decode(stream));
        Assert.DoesNotContain(Vocabulary.UnkId, stream);
        Assert.Equal(vocab.Id("😀"), stream[15]);
    }

    [Fact]
    public void BuildVocabulary_InvalidUtf8_ThrowsNamingLineAndByte()
    {
        using var dir = new TempDirectory();
        byte[] bytes = [(byte)'a', (byte)'b', (byte)'\n', (byte)'c', 0xFF, (byte)'d'];
        string path = dir.File("bad.txt", bytes);
        var e = Assert.Throws<InvalidDataException>(() => CorpusReader.BuildVocabulary(path, TokenLevel.Char, int.MaxValue, lowerCase: false));
        Assert.Equal($"{path}:2: invalid UTF-8 at byte 4.", e.Message);
    }

    [Fact]
    public void ReadStream_LiteralSpecials_MapToSpecialIds()
    {
        using var dir = new TempDirectory();
        string path = dir.File("ptb.txt", " no it was n't black monday \n the <unk> fell \n"u8.ToArray());
        var vocab = CorpusReader.BuildVocabulary(path, TokenLevel.Word, 10000, lowerCase: false);
        int[] stream = CorpusReader.ReadStream(path, vocab);
        Assert.Equal(11, stream.Length);
        Assert.Equal(Vocabulary.EosId, stream[6]);
        Assert.Equal(Vocabulary.UnkId, stream[8]);
        Assert.Equal(Vocabulary.EosId, stream[10]);
        Assert.Equal("no it was n't black monday\nthe <unk> fell\n", vocab.Decode(stream));
        Assert.Equal(1, vocab.Counts[Vocabulary.UnkId]);
        Assert.Equal(2, vocab.Counts[Vocabulary.EosId]);
    }

    [Fact]
    public void BuildVocabulary_PtbTrainWhitespace_HasExactlyTenThousandTokens()
    {
        string? path = Recur.Tests.TestSupport.SharedData.Find("ptb/ptb.train.txt");
        Assert.SkipUnless(path is not null, "../shared/data/ptb/ptb.train.txt is not beside this checkout.");
        var vocab = CorpusReader.BuildVocabulary(path!, TokenLevel.Whitespace, 10000, lowerCase: false);
        Assert.Equal(10000, vocab.Count);
        Assert.Equal(42068, vocab.Counts[Vocabulary.EosId]); // one per line
        Assert.Equal(887521L + 42068, vocab.Counts.Sum());    // no word fell out: every type is in
        Assert.NotEqual(Vocabulary.UnkId, vocab.Id("n't"));
        int[] stream = CorpusReader.ReadStream(path!, vocab);
        Assert.Equal(929589, stream.Length);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    [InlineData(new byte[] { (byte)'\n', (byte)'\r', (byte)'\n', (byte)' ', (byte)'\t' })]
    public void Read_EmptyCorpus_ThrowsInvalidDataNamingFile(byte[] content)
    {
        using var dir = new TempDirectory();
        string path = dir.File("empty.txt", content);
        var e = Assert.Throws<InvalidDataException>(() => CorpusReader.BuildVocabulary(path, TokenLevel.Word, 100, false));
        Assert.Contains(path, e.Message);

        var vocab = new Vocabulary(TokenLevel.Word, false, [Vocabulary.Unk, Vocabulary.Eos], [0, 0]);
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => CorpusReader.ReadLines(path, vocab)).Message);
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => CorpusReader.ReadStream(path, vocab)).Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "missing.txt");
        var e = Assert.Throws<FileNotFoundException>(() => CorpusReader.BuildVocabulary(path, TokenLevel.Char, 100, false));
        Assert.Equal(path, e.FileName);
        Assert.Throws<ArgumentException>(() => CorpusReader.ReadStream("", new Vocabulary(TokenLevel.Char, false, [Vocabulary.Unk, Vocabulary.Eos], [0, 0])));
    }

    [Fact]
    public void ReadStream_LargeGeneratedFile_StreamsAllTokens()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "big.txt");
        string[] words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "<unk>"];
        var rng = new Recur.Training.Rng(11);
        long tokens = 0, lines = 0, bytes = 0;
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            var sb = new StringBuilder();
            while (bytes < 20_000_000)
            {
                sb.Clear();
                int n = 1 + rng.NextInt(30);
                for (int i = 0; i < n; i++) sb.Append(words[rng.NextInt(words.Length)]).Append(' ');
                writer.Write(sb);
                writer.Write('\n');
                bytes += sb.Length + 1;
                tokens += n;
                lines++;
            }
        }

        var vocab = CorpusReader.BuildVocabulary(path, TokenLevel.Word, 10000, lowerCase: false);
        Assert.Equal(words.Length + 1, vocab.Count);
        Assert.Equal(lines, vocab.Counts[Vocabulary.EosId]);
        Assert.Equal(tokens, vocab.Counts.Sum() - lines);

        int[] stream = CorpusReader.ReadStream(path, vocab);
        Assert.Equal(tokens + lines, stream.LongLength);
        Assert.Equal(lines, stream.LongCount(id => id == Vocabulary.EosId));
        Assert.Equal(Vocabulary.EosId, stream[^1]);
    }
}
