using Recur.IO;
using Recur.Models;
using Recur.Text;
using Recur.Training;

namespace Recur.Tests.IO;

/// <summary>
/// Every reader of the library against every malformed input of <see cref="BadFiles"/>: each throws an exception of the
/// documented kind whose message starts with the file's path and, for a text reader, gives the line and the byte.
/// </summary>
public sealed class BadInputReaderTests(BadFiles files) : IClassFixture<BadFiles>
{
    /// <summary>Every reader, by name: text readers first, then the binary and JSON ones.</summary>
    private static readonly Dictionary<string, Action<string>> s_readers = new()
    {
        ["corpus vocabulary"] = path => CorpusReader.BuildVocabulary(path, TokenLevel.Word, 100, lowerCase: false),
        ["corpus lines"] = path => CorpusReader.ReadLines(path, Vocabulary()),
        ["corpus stream"] = path => CorpusReader.ReadStream(path, Vocabulary()),
        ["conll columns"] = path => ConllReader.Read(path, new ConllReadOptions { Format = ConllFormat.Columns }),
        ["conll-u"] = path => ConllReader.Read(path, new ConllReadOptions { Format = ConllFormat.ConllU }),
        ["tsv"] = path => TsvClassificationReader.Read(path),
        ["csv"] = path => TsvClassificationReader.Read(path, new TsvClassificationOptions { Delimiter = ',' }),
        ["parallel text"] = path => ParallelTextReader.Read(path),
        ["word vectors"] = path => WordVectorsReader.ReadDimension(path),
        ["piano-roll json"] = path => PianoRollReader.ReadJson(path),
        ["midi"] = path => MidiReader.Read(path),
        ["checkpoint"] = path => CheckpointFile.Load(path),
        ["language-model checkpoint"] = path => LanguageModelCheckpoint.Load(path),
    };

    private static readonly HashSet<string> s_text =
        ["corpus vocabulary", "corpus lines", "corpus stream", "conll columns", "conll-u", "tsv", "csv", "parallel text", "word vectors"];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string reader in s_readers.Keys)
            foreach (string file in new[] { "empty", "invalid UTF-8", "NUL byte", "UTF-16", "100 MB line", "directory", "missing" })
            {
                // A stream reads a long line in pieces (tested on 3 MB in Utf8LineReaderTests): 100 MB would take seconds.
                if (reader == "corpus stream" && file == "100 MB line") continue;
                data.Add(reader, file);
            }
        return data;
    }

    private static Vocabulary Vocabulary()
    {
        var builder = new VocabularyBuilder(TokenLevel.Word);
        builder.Add("the cat sat on");
        return builder.Build();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_BadInput_ThrowsNamingTheFile(string reader, string file)
    {
        string path = file switch
        {
            "empty" => files.Empty,
            "invalid UTF-8" => files.InvalidUtf8,
            "NUL byte" => files.Nul,
            "UTF-16" => files.Utf16,
            "100 MB line" => files.LongLine,
            "directory" => files.Directory,
            _ => files.Missing,
        };
        long before = GC.GetAllocatedBytesForCurrentThread();
        Exception? e = Record.Exception(() => s_readers[reader](path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(e is not null, $"{reader} accepted the {file} file");
        TestContext.Current.TestOutputHelper?.WriteLine($"{reader} | {file} | {e.GetType().Name}: {e.Message}");
        Assert.StartsWith(path + ":", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        // Whatever the input, a reader holds at most a few lines or a file it checked the size of, never 100 MB twice over.
        Assert.True(allocated < 96L << 20, $"{reader} allocated {allocated:N0} bytes on the {file} file");
        switch (file)
        {
            case "directory":
                Assert.IsType<IOException>(e);
                Assert.Contains("is a directory", e.Message);
                break;
            case "missing":
                Assert.IsType<FileNotFoundException>(e);
                Assert.Contains(": no such", e.Message);
                break;
            default:
                Assert.IsType<InvalidDataException>(e);
                if (!s_text.Contains(reader)) break;
                string expected = file switch
                {
                    "invalid UTF-8" => $"{path}:1: invalid UTF-8 at byte 4.",
                    "NUL byte" => $"{path}:1: NUL byte (a binary file?) at byte 3.",
                    "UTF-16" => $"{path}: UTF-16 text (byte-order mark FF FE); save it as UTF-8.",
                    "100 MB line" => $"{path}:1: the line starting at byte 0 is longer than 1,048,576 bytes; expected one sentence, pair or record per line.",
                    _ => "",
                };
                if (expected.Length > 0) Assert.Equal(expected, e.Message);
                break;
        }
    }

    [Theory]
    [InlineData("bom-crlf.txt")]
    public void Read_ByteOrderMarkAndCrLf_AreText(string name)
    {
        string path = files.Write(name, [0xEF, 0xBB, 0xBF, .. "the\tDT\r\ncat\tNN\r\n\r\nsat\tVB\r\n"u8]);
        var sentences = ConllReader.Read(path);
        Assert.Equal([["the", "cat"], ["sat"]], sentences.Select(s => s.Tokens).ToArray());
        Assert.Equal(["DT", "NN"], sentences[0].Tags!);
        Assert.Equal(4, sentences[1].FirstLine);
    }

    [Fact]
    public void ConllRead_SentenceWithoutBlankLines_ThrowsAtItsFirstLine()
    {
        var text = new System.Text.StringBuilder("a\tX\n\n");
        for (int i = 0; i <= ConllReader.MaxSentenceTokens; i++) text.Append("w\tY\n");
        string path = files.Write("no-blank-lines.conll", System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        var e = Assert.Throws<InvalidDataException>(() => ConllReader.Read(path));
        Assert.Equal($"{path}:3: the sentence starting here has more than 10,000 tokens; are the sentences separated by blank lines?", e.Message);
    }
}
