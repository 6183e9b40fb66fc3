using Recur.Models;
using Recur.Tests.IO;
using Recur.Text;
using Recur.Training;

namespace Recur.Tests.Cli;

/// <summary>
/// A representative set of bad inputs given to the command-line verbs (every library reader meets every bad file in
/// <see cref="BadInputReaderTests"/>): each run exits non-zero with exactly one line on stderr naming the file (with the
/// line and byte where that means something), no stack trace, and leaves no file behind. The children run with a 256 MiB
/// GC heap, so a reader that took the 100 MB line into memory would fail here.
/// </summary>
public sealed class BadInputTests(BadFiles files) : IClassFixture<BadFiles>
{
    private static readonly Dictionary<string, string> s_smallHeap = new() { ["DOTNET_GCHeapHardLimit"] = "0x10000000" };

    /// <summary>
    /// Cases: what the one line must contain, then the arguments. Placeholders: {empty} {utf8} {nul} {utf16} {long} {dir}
    /// {missing} (the <see cref="BadFiles"/>), {file} (a plain file, where a directory is wanted), {ckpt} (a small valid
    /// language-model checkpoint), {cut} and {flipped} (it truncated, and with one payload byte changed), {midi} (a folder
    /// train/bad.mid whose track runs past the end of the file), {out} (the run directory, which must not appear).
    /// </summary>
    public static TheoryData<string, string[]> Cases() => new()
    {
        { "{empty}: the corpus holds no tokens.", ["train", "--corpus", "{empty}"] },
        { "{utf8}:1: invalid UTF-8 at byte 4.", ["train", "--corpus", "{utf8}"] },
        { "{nul}:1: NUL byte (a binary file?) at byte 3.", ["train", "--corpus", "{nul}", "--level", "word"] },
        { "{utf16}: UTF-16 text (byte-order mark FF FE); save it as UTF-8.", ["train", "--corpus", "{utf16}"] },
        { "{long}:1: the line starting at byte 0 is longer than 1,048,576 bytes", ["train", "--corpus", "{long}", "--mode", "line"] },
        { "{dir}: is a directory", ["train", "--corpus", "{dir}"] },
        { "{missing}: no such file.", ["train", "--corpus", "{missing}"] },
        { "{utf8}:1: invalid UTF-8 at byte 4.", ["train", "--corpus", "{file}", "--valid", "{utf8}"] },
        { "--out {file}/run: ", ["train", "--out", "{file}/run"] },
        { "--hidden-size: hidden size must be positive, got -4.", ["train", "--hidden-size", "-4"] },
        { "--lr: learning rate must be positive, got 0.", ["train", "--lr", "0"] },
        { "--dropout: dropout must be in [0, 1), got 1.", ["train", "--dropout", "1"] },
        { "--checkpoint-every '0steps': the number of steps must be a positive integer", ["train", "--checkpoint-every", "0steps"] },
        { "--time-budget: expected a positive number of seconds", ["train", "--time-budget", "-5"] },
        { "{utf8}: invalid JSON at line 1, byte 1", ["train", "--config", "{utf8}"] },
        { "{long}:1: the line starting at byte 0 is longer than 1,048,576 bytes", ["tag", "train", "--train", "{long}"] },
        { "{nul}:1: NUL byte (a binary file?) at byte 3.", ["classify", "train", "--train", "{nul}"] },
        { "{utf8}:1: invalid UTF-8 at byte 4.", ["translate", "train", "--data", "{utf8}"] },
        { "{empty}: not JSON: the file is empty.", ["music", "train", "--data", "{empty}"] },
        { "{midi}/train/bad.mid: byte 18: chunk 'MTrk' declares 4,096 bytes but only 2 remain.", ["music", "train", "--data", "{midi}"] },
        { "{cut}: entry 'param.", ["sample", "--model", "{cut}"] },
        { "{flipped}: checksum mismatch", ["sample", "--model", "{flipped}"] },
        { "{utf8}: not a Recur checkpoint (bad magic) at byte 0", ["sample", "--model", "{utf8}"] },
        { "--temperature: temperature must be a positive number, got -1.", ["sample", "--model", "{ckpt}", "--temperature", "-1"] },
        { "{long}:1: the line starting at byte 0 is longer than 1,048,576 bytes", ["score", "--model", "{ckpt}", "--file", "{long}"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verb_BadInput_OneLineNamingTheFileAndNothingLeftBehind(string expected, string[] args)
    {
        using var work = new TempDirectory();
        var names = Placeholders(work);
        string Resolve(string text) => names.Aggregate(text, (t, p) => t.Replace(p.Key, p.Value));
        string[] command = args.Select(Resolve).ToArray();
        if (args[0] == "train" || args[1] == "train")
        {
            command = [.. command, "--threads", "1"];
            if (!args.Contains("--out")) command = [.. command, "--out", names["{out}"]];
        }

        var before = Listing(work.Path);
        string line = CliAssert.FailedWithOneLine(CliProcess.Run(work.Path, s_smallHeap, command));
        TestContext.Current.TestOutputHelper?.WriteLine($"{string.Join(' ', args)} → {line}");

        Assert.Contains(Resolve(expected), line);
        Assert.False(Directory.Exists(names["{out}"]), "a failed run left its run directory behind");
        Assert.Equal(before, Listing(work.Path));
    }

    // Every file under the scratch directory, so that a stray output or temporary file shows.
    private static string[] Listing(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    private Dictionary<string, string> Placeholders(TempDirectory work)
    {
        string file = work.File("a-file.txt");
        File.WriteAllText(file, "not a directory\n");
        string ckpt = work.File("lm.ckpt");
        SaveLanguageModel(ckpt);
        byte[] bytes = File.ReadAllBytes(ckpt);
        string cut = work.File("cut.ckpt");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        byte[] flippedBytes = (byte[])bytes.Clone();
        flippedBytes[^16] ^= 0x20;
        string flipped = work.File("flipped.ckpt");
        File.WriteAllBytes(flipped, flippedBytes);
        string midi = work.File("midi");
        Directory.CreateDirectory(Path.Combine(midi, "train"));
        File.WriteAllBytes(Path.Combine(midi, "train", "bad.mid"),
            [.. "MThd"u8, 0, 0, 0, 6, 0, 0, 0, 1, 0, 96, .. "MTrk"u8, 0, 0, 0x10, 0, 0, 0x90]);
        return new Dictionary<string, string>
        {
            ["{empty}"] = files.Empty, ["{utf8}"] = files.InvalidUtf8, ["{nul}"] = files.Nul, ["{utf16}"] = files.Utf16,
            ["{long}"] = files.LongLine, ["{dir}"] = files.Directory, ["{missing}"] = files.Missing,
            ["{file}"] = file, ["{ckpt}"] = ckpt, ["{cut}"] = cut, ["{flipped}"] = flipped, ["{midi}"] = midi, ["{out}"] = work.File("run"),
        };
    }

    private static void SaveLanguageModel(string path)
    {
        var builder = new VocabularyBuilder(TokenLevel.Char);
        builder.Add("the cat sat on the mat");
        var vocabulary = builder.Build();
        var model = new LanguageModel<float>(new LanguageModelOptions(vocabulary.Count) { HiddenSize = 8, EmbeddingSize = 4 });
        model.Reset(new Rng(1));
        LanguageModelCheckpoint.Save(path, model, vocabulary, """{"Corpus":"x","Level":"char","Mode":"line"}""", null);
    }
}
