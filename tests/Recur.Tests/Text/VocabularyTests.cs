using Recur.Text;

namespace Recur.Tests.Text;

public sealed class VocabularyTests
{
    private static readonly string[] s_mixedLines =
    [
        "北京欢迎你，世界！",
        "Ça va? Déjà vu — naïve café",
        "emoji 😀👍🏽 and 𝄞 music",
    ];

    [Fact]
    public void Build_CharLevelMixedScripts_RoundTripsEveryLine()
    {
        var builder = new VocabularyBuilder(TokenLevel.Char);
        foreach (string line in s_mixedLines) builder.Add(line);
        var vocab = builder.Build(int.MaxValue);

        Assert.NotEqual(Vocabulary.UnkId, vocab.Id("😀"));
        Assert.NotEqual(Vocabulary.UnkId, vocab.Id("𝄞"));
        Assert.Equal(Vocabulary.UnkId, vocab.Id("\uD83D")); // half of 😀 is not a token
        foreach (string line in s_mixedLines)
        {
            int[] ids = vocab.Encode(line);
            Assert.DoesNotContain(Vocabulary.UnkId, ids);
            Assert.Equal(line.EnumerateRunes().Count(), ids.Length);
            Assert.Equal(line, vocab.Decode(ids));
        }
    }

    [Fact]
    public void Decode_Eos_RendersLineBreak()
    {
        var builder = new VocabularyBuilder(TokenLevel.Word);
        builder.Add("the cat sat .");
        var vocab = builder.Build();
        int[] ids = [.. vocab.Encode("the cat"), Vocabulary.EosId, .. vocab.Encode("sat ."), Vocabulary.EosId, Vocabulary.UnkId];
        Assert.Equal("the cat\nsat .\n<unk>", vocab.Decode(ids));

        var chars = new VocabularyBuilder(TokenLevel.Char);
        chars.Add("ab");
        var charVocab = chars.Build(int.MaxValue);
        Assert.Equal("a\nb", charVocab.Decode([charVocab.Id("a"), Vocabulary.EosId, charVocab.Id("b")]));
    }

    [Fact]
    public void Build_MaxSize_KeepsMostFrequentWithOrdinalTies()
    {
        var builder = new VocabularyBuilder(TokenLevel.Word);
        builder.Add("b a c c c d d e e f");
        builder.Add("<unk> a x");
        var vocab = builder.Build(maxSize: 5);

        // c:3; a, d, e: 2 each (ordinal order a < d < e); b, f, x: 1
        Assert.Equal([Vocabulary.Unk, Vocabulary.Eos, "c", "a", "d"], vocab.Tokens);
        // <unk>: 1 literal + e(2) + b + f + x; <eos>: one per line
        Assert.Equal([1L + 2 + 1 + 1 + 1, 2, 3, 2, 2], vocab.Counts);
        Assert.Equal(5, vocab.Count);
        Assert.Equal([3, 2, Vocabulary.UnkId, Vocabulary.UnkId, Vocabulary.UnkId], vocab.Encode("a c e <unk> zzz"));
        Assert.Equal(Vocabulary.EosId, vocab.Id("<eos>"));
    }

    [Fact]
    public void Build_SameCountsInAnyOrder_GivesSameVocabulary()
    {
        var one = new VocabularyBuilder(TokenLevel.Word);
        one.Add("q w e r t y");
        var two = new VocabularyBuilder(TokenLevel.Word);
        two.Add("y t r e w q");
        Assert.Equal(one.Build(4).Tokens, two.Build(4).Tokens);
        Assert.Equal([Vocabulary.Unk, Vocabulary.Eos, "e", "q"], one.Build(4).Tokens);
    }

    [Fact]
    public void Build_MinCount_DropsRareTokensIntoUnk()
    {
        var builder = new VocabularyBuilder(TokenLevel.Word, lowerCase: true);
        builder.Add("A a a B b C");
        var vocab = builder.Build(minCount: 2);
        Assert.Equal([Vocabulary.Unk, Vocabulary.Eos, "a", "b"], vocab.Tokens);
        Assert.Equal([1L, 1, 3, 2], vocab.Counts);
        Assert.True(vocab.LowerCase);
        Assert.Equal([2, 3, Vocabulary.UnkId], vocab.Encode("A B C"));
    }

    [Fact]
    public void Build_BadSizes_Throw()
    {
        var builder = new VocabularyBuilder(TokenLevel.Char);
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Build(maxSize: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Build(minCount: 0));
        Assert.Throws<ArgumentException>(() => new VocabularyBuilder((TokenLevel)5));
    }

    [Fact]
    public void Constructor_BadTokens_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Vocabulary(TokenLevel.Word, false, ["a", "b"], [0, 0]));
        Assert.Throws<ArgumentException>(() => new Vocabulary(TokenLevel.Word, false, [Vocabulary.Unk, Vocabulary.Eos, "x", "x"], [0, 0, 1, 1]));
        Assert.Throws<ArgumentException>(() => new Vocabulary(TokenLevel.Word, false, [Vocabulary.Unk, Vocabulary.Eos, ""], [0, 0, 1]));
        Assert.Throws<ArgumentException>(() => new Vocabulary(TokenLevel.Word, false, [Vocabulary.Unk, Vocabulary.Eos], [0]));
        Assert.Throws<ArgumentException>(() => new Vocabulary(TokenLevel.Word, false, [Vocabulary.Unk, Vocabulary.Eos], [0, -1]));
    }

    [Fact]
    public void Token_OutOfRange_Throws()
    {
        var vocab = new Vocabulary(TokenLevel.Word, false, [Vocabulary.Unk, Vocabulary.Eos, "x"], [0, 0, 1]);
        Assert.Equal("x", vocab.Token(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => vocab.Token(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => vocab.Decode([-1]));
    }

    [Fact]
    public void EncodeTo_Appends_WithoutEos()
    {
        var vocab = new Vocabulary(TokenLevel.Word, false, [Vocabulary.Unk, Vocabulary.Eos, "x", "y"], [0, 0, 1, 1]);
        var ids = new List<int> { 7 };
        vocab.EncodeTo("x y z", ids);
        Assert.Equal([7, 2, 3, Vocabulary.UnkId], ids);
    }

    [Theory]
    [InlineData(TokenLevel.Char, false)]
    [InlineData(TokenLevel.Word, true)]
    [InlineData(TokenLevel.Whitespace, false)]
    public void WriteRead_RoundTrip_IsEqual(TokenLevel level, bool lowerCase)
    {
        var builder = new VocabularyBuilder(level, lowerCase);
        foreach (string line in s_mixedLines) builder.Add(line);
        builder.Add("<unk> <eos> x x");
        var vocab = builder.Build();

        using var stream = new MemoryStream();
        stream.WriteByte(0xAB); // the vocabulary may sit inside a larger file
        vocab.Write(stream);
        stream.WriteByte(0xCD);
        stream.Position = 1;
        var read = Vocabulary.Read(stream, "ckpt.bin");

        Assert.Equal(vocab.Level, read.Level);
        Assert.Equal(vocab.LowerCase, read.LowerCase);
        Assert.Equal(vocab.Tokens, read.Tokens);
        Assert.Equal(vocab.Counts, read.Counts);
        Assert.Equal(0xCD, stream.ReadByte());
        Assert.Equal(vocab.Encode(s_mixedLines[2]), read.Encode(s_mixedLines[2]));
    }

    [Fact]
    public void Whitespace_EncodeDecode_KeepsPreTokenisedWords()
    {
        var builder = new VocabularyBuilder(TokenLevel.Whitespace);
        builder.Add(" it was n't s&p 's <unk> fault ");
        builder.Add("it 's a.m. <eos> now");
        var vocab = builder.Build();
        Assert.Equal(TokenLevel.Whitespace, vocab.Level);
        Assert.Equal(1, vocab.Counts[Vocabulary.UnkId]);     // one literal <unk>, nothing dropped
        Assert.Equal(3, vocab.Counts[Vocabulary.EosId]);     // two lines and one literal <eos>
        Assert.NotEqual(Vocabulary.UnkId, vocab.Id("n't"));
        Assert.NotEqual(Vocabulary.UnkId, vocab.Id("s&p"));
        Assert.Equal(Vocabulary.UnkId, vocab.Id("n"));

        int[] ids = [.. vocab.Encode("it was n't s&p 's <unk> fault"), Vocabulary.EosId, .. vocab.Encode("a.m. zebra")];
        Assert.Equal(7 + 1 + 2, ids.Length);
        Assert.Equal(Vocabulary.UnkId, ids[5]);
        Assert.Equal(Vocabulary.UnkId, ids[^1]);
        Assert.Equal("it was n't s&p 's <unk> fault\na.m. <unk>", vocab.Decode(ids));
    }

    [Theory]
    [InlineData(0, TokenLevel.Char)]
    [InlineData(1, TokenLevel.Word)]
    [InlineData(2, TokenLevel.Whitespace)]
    public void Read_VersionOneBytes_GivesLevel(byte levelByte, TokenLevel level)
    {
        // Written out by hand as format version 1 lays it out, so that files written before the whitespace level still load.
        byte[] bytes =
        [
            (byte)'R', (byte)'V', (byte)'O', (byte)'C', 1, levelByte, 0, 3, 0, 0, 0,
            5, .. "<unk>"u8, 4, 0, 0, 0, 0, 0, 0, 0,
            5, .. "<eos>"u8, 2, 0, 0, 0, 0, 0, 0, 0,
            2, .. "ab"u8, 9, 0, 0, 0, 0, 0, 0, 0,
        ];
        var vocab = Vocabulary.Read(new MemoryStream(bytes), "old.ckpt");
        Assert.Equal(level, vocab.Level);
        Assert.False(vocab.LowerCase);
        Assert.Equal([Vocabulary.Unk, Vocabulary.Eos, "ab"], vocab.Tokens);
        Assert.Equal([4L, 2, 9], vocab.Counts);

        using var again = new MemoryStream();
        vocab.Write(again);
        Assert.Equal(bytes, again.ToArray());
    }

    [Fact]
    public void Read_TruncatedAtEveryLength_ThrowsInvalidDataNamingSource()
    {
        var builder = new VocabularyBuilder(TokenLevel.Word);
        builder.Add("alpha beta gamma");
        using var full = new MemoryStream();
        builder.Build().Write(full);
        byte[] bytes = full.ToArray();
        for (int n = 0; n < bytes.Length; n++)
        {
            var e = Assert.Throws<InvalidDataException>(() => Vocabulary.Read(new MemoryStream(bytes, 0, n), "model.ckpt"));
            Assert.Contains("model.ckpt", e.Message);
        }
    }

    [Fact]
    public void Read_Garbage_ThrowsInvalidData()
    {
        var builder = new VocabularyBuilder(TokenLevel.Word);
        builder.Add("alpha beta");
        using var full = new MemoryStream();
        builder.Build().Write(full);
        byte[] good = full.ToArray();

        var cases = new List<byte[]>
        {
            "hello world, not a vocabulary"u8.ToArray(),
            With(good, 4, 9),    // version
            With(good, 5, 3),    // level
            With(good, 6, 3),    // lower-case flag
            With(good, 7, 1),    // count 1
            With(good, 10, 0x7F), // count huge
            With(good, 12, (byte)'x'), // <unk> renamed
            With(good, 13, 0xFF), // invalid UTF-8
            With(good, 11, 0),    // empty token
            good[..11].Concat(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }).ToArray(), // token length −1
            good[..11].Concat(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }).ToArray(), // malformed 7-bit length
        };
        var rng = new Recur.Training.Rng(5);
        for (int k = 0; k < 50; k++)
        {
            var junk = new byte[rng.NextInt(64)];
            for (int i = 0; i < junk.Length; i++) junk[i] = (byte)rng.NextInt(256);
            cases.Add(junk);
        }

        foreach (byte[] bytes in cases)
        {
            var e = Assert.Throws<InvalidDataException>(() => Vocabulary.Read(new MemoryStream(bytes), "vocab.bin"));
            Assert.StartsWith("vocab.bin:", e.Message);
        }
    }

    private static byte[] With(byte[] bytes, int index, byte value)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[index] = value;
        return copy;
    }
}
