using Recur.Cells;
using Recur.IO.Onnx;
using Recur.Models;
using Recur.Tests.IO;
using Recur.Tests.IO.Onnx;
using Recur.Tests.TestSupport;
using Recur.Training;
using static Recur.Tests.IO.SafetensorsModelSamples;

namespace Recur.Tests.Cli;

/// <summary><c>recur export</c> and <c>recur import</c>: a round trip gives a checkpoint the other verbs read alike, and a file that contradicts the options fails on one line.</summary>
public sealed class ExportImportCommandTests
{
    [Fact]
    public void ExportImport_LanguageModel_ScoresAndSamplesAlike()
    {
        using var dir = new TempDirectory();
        LanguageModelCheckpoint.Save(dir.File("lm.ckpt"), LanguageModel(CellKind.Lstm), Letters, """{"Level":"char","Mode":"line"}""", null);
        string imported = RoundTrip(dir, "lm.ckpt", "lm");
        Assert.True(File.Exists(Path.Combine(imported, "best.ckpt")));
        foreach (var args in new[] { new[] { "score", "--text", "abcab", "--text", "jih", "--per-token" }, ["sample", "--beam", "3", "--max-length", "6"] })
            AssertSameOutput(dir, args, dir.File("lm.ckpt"), imported);
    }

    [Fact]
    public void ExportImport_TaggerWithCharacters_TagsAlike()
    {
        using var dir = new TempDirectory();
        TaggerCheckpoint.Save(dir.File("tagger.ckpt"), Tagger(CellKind.GruResetAfter), new TaggerVocabularies(Words, Chars, Tags), "{}", null);
        string imported = RoundTrip(dir, "tagger.ckpt", "tagger");
        AssertSameOutput(dir, ["tag", "predict", "--text", "the cat sat on a mat\nthe mat"], dir.File("tagger.ckpt"), imported);
    }

    [Fact]
    public void ExportImport_Classifier_ClassifiesAlike()
    {
        using var dir = new TempDirectory();
        ClassifierCheckpoint.Save(dir.File("classifier.ckpt"), Classifier(CellKind.Lstm), new ClassifierVocabularies(Words, Classes), "{}", null);
        string imported = RoundTrip(dir, "classifier.ckpt", "classifier");
        AssertSameOutput(dir, ["classify", "predict", "--text", "the cat sat", "--text", "a mat on the cat"], dir.File("classifier.ckpt"), imported);
    }

    [Fact]
    public void Import_TorchFileWithVocabulary_ScoresAndReexportsWithTheVocabulary()
    {
        using var dir = new TempDirectory();
        string weights = Path.Combine(Fixture.Folder("safetensors"), "torch_lm_lstm_uni_l2.safetensors");
        string vocab = WriteLines(dir.File("vocab.txt"), ["<unk>", "<eos>", .. "abcdefghijklmnopqr".Select(c => c.ToString())]);
        var result = CliProcess.Run(dir.Path, "import", "--weights", weights, "--kind", "lm", "--vocab", vocab, "--out", dir.File("lm.ckpt"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("architecture from the tensor names and shapes", result.Stdout);
        var checkpoint = LanguageModelCheckpoint.Load(dir.File("lm.ckpt"));
        Assert.Equal((CellKind.Lstm, 2, 20), (checkpoint.Model.Options.Cell, checkpoint.Model.Options.NumLayers, checkpoint.Vocabulary.Count));
        var score = CliProcess.Run(dir.Path, "score", "--model", dir.File("lm.ckpt"), "--text", "abc");
        Assert.True(score.ExitCode == 0, score.ToString());
        // Exported again, the file carries the vocabulary and imports without it.
        var export = CliProcess.Run(dir.Path, "export", "--model", dir.File("lm.ckpt"), "--format", "safetensors", "--out", dir.File("again.safetensors"));
        Assert.True(export.ExitCode == 0, export.ToString());
        var again = CliProcess.Run(dir.Path, "import", "--weights", dir.File("again.safetensors"), "--out", dir.File("again.ckpt"));
        Assert.True(again.ExitCode == 0, again.ToString());
        AssertSameOutput(dir, ["score", "--text", "abc", "--per-token"], dir.File("lm.ckpt"), dir.File("again.ckpt"));
    }

    [Fact]
    public void Import_TorchClassifierWithLabels_Classifies()
    {
        using var dir = new TempDirectory();
        string weights = Path.Combine(Fixture.Folder("safetensors"), "torch_classifier_lstm_bi_l2.safetensors");
        string vocab = WriteLines(dir.File("vocab.txt"), ["<unk>", "<eos>", .. Enumerable.Range(0, 18).Select(i => $"w{i}")]);
        string labels = WriteLines(dir.File("labels.txt"), ["neg", "neu", "pos"]);
        var result = CliProcess.Run(dir.Path, "import", "--weights", weights, "--kind", "classifier", "--vocab", vocab, "--labels", labels,
            "--level", "whitespace", "--out", dir.File("run") + Path.DirectorySeparatorChar);
        Assert.True(result.ExitCode == 0, result.ToString());
        var predict = CliProcess.Run(dir.Path, "classify", "predict", "--model", dir.File("run"), "--text", "w1 w5 w3");
        Assert.True(predict.ExitCode == 0, predict.ToString());
        Assert.Matches(@"^(neg|neu|pos)\tneg=0\.\d{4}\tneu=0\.\d{4}\tpos=0\.\d{4}$", Assert.Single(predict.StdoutLines));
    }

    [Theory]
    [InlineData("--hidden-size", "7", "tensor rnn.weight_ih_l0: expected shape [28, 6], found [20, 6].")]
    [InlineData("--cell", "gru-after", "tensor rnn.weight_ih_l0: expected shape [15, 6], found [20, 6].")]
    [InlineData("--layers", "3", "tensor rnn.weight_ih_l2 is missing (expected shape [20, 5]).")]
    public void Import_OptionContradictingTheFile_OneLineNamingTensorAndShapes(string option, string value, string message)
    {
        using var dir = new TempDirectory();
        string weights = Path.Combine(Fixture.Folder("safetensors"), "torch_lm_lstm_uni_l2.safetensors");
        string vocab = WriteLines(dir.File("vocab.txt"), ["<unk>", "<eos>", .. "abcdefghijklmnopqr".Select(c => c.ToString())]);
        var result = CliProcess.Run(dir.Path, "import", "--weights", weights, "--kind", "lm", "--vocab", vocab, option, value, "--out", dir.File("lm.ckpt"));
        Assert.Equal($"recur: {weights}: {message}", CliAssert.FailedWithOneLine(result));
        Assert.False(File.Exists(dir.File("lm.ckpt")));
    }

    [Fact]
    public void Import_VocabularyOfAnotherSize_OneLineNamingEmbedding()
    {
        using var dir = new TempDirectory();
        string weights = Path.Combine(Fixture.Folder("safetensors"), "torch_lm_lstm_uni_l2.safetensors");
        string vocab = WriteLines(dir.File("vocab.txt"), ["<unk>", "<eos>", "a", "b"]);
        var result = CliProcess.Run(dir.Path, "import", "--weights", weights, "--vocab", vocab, "--out", dir.File("lm.ckpt"));
        Assert.Equal($"recur: {weights}: tensor embedding.weight: expected shape [4, 6], found [20, 6].", CliAssert.FailedWithOneLine(result));
    }

    [Fact]
    public void Import_VocabularyWithInvalidUtf8_OneLineNamingFileAndLine()
    {
        using var dir = new TempDirectory();
        string weights = Path.Combine(Fixture.Folder("safetensors"), "torch_lm_lstm_uni_l2.safetensors");
        string vocab = dir.File("vocab.txt");
        File.WriteAllBytes(vocab, [.. "<unk>\n<eos>\n"u8, 0x61, 0xFF, 0x0A]);
        var result = CliProcess.Run(dir.Path, "import", "--weights", weights, "--vocab", vocab, "--out", dir.File("lm.ckpt"));
        Assert.Equal($"recur: {vocab}:3: invalid UTF-8 at byte 13.", CliAssert.FailedWithOneLine(result));
        Assert.False(File.Exists(dir.File("lm.ckpt")));
    }

    [Fact]
    public void Import_MalformedFile_OneLineError()
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.safetensors");
        File.WriteAllBytes(path, SafetensorsSamples.Build("{}", [], 1UL << 40));
        var result = CliProcess.Run(dir.Path, "import", "--weights", path, "--kind", "lm", "--out", dir.File("x.ckpt"));
        Assert.StartsWith($"recur: {path}: the header length {1UL << 40}", CliAssert.FailedWithOneLine(result));
    }

    [Fact]
    public void Export_UnknownFormat_OneLineError()
    {
        using var dir = new TempDirectory();
        LanguageModelCheckpoint.Save(dir.File("lm.ckpt"), LanguageModel(CellKind.Lstm), Letters, "{}", null);
        var result = CliProcess.Run(dir.Path, "export", "--model", dir.File("lm.ckpt"), "--format", "pickle", "--out", dir.File("x"));
        Assert.Equal("recur: Unknown format 'pickle'. Expected safetensors or onnx.", CliAssert.FailedWithOneLine(result));
    }

    [Fact]
    public void Export_Onnx_WritesAGraphThatComputesTheModelsLogits()
    {
        using var dir = new TempDirectory();
        var model = LanguageModel(CellKind.Lstm);
        LanguageModelCheckpoint.Save(dir.File("lm.ckpt"), model, Letters, "{}", null);
        string onnx = dir.File("lm.onnx");
        var result = CliProcess.Run(dir.Path, "export", "--model", dir.File("lm.ckpt"), "--format", "onnx", "--out", onnx);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith($"{onnx}: ONNX graph of ", Assert.Single(result.StdoutLines));

        int[] tokens = [.. Letters.Encode("abcab")];
        model.Forward(tokens.Length, 1, tokens, default, default, carryState: false, dropoutRng: null);
        var outputs = OnnxRun.Run(onnx,
            new(OnnxExporter.Tokens, OnnxRun.Longs(tokens), [tokens.Length, 1]),
            new(OnnxExporter.Lengths, new[] { tokens.Length }, [1]));
        Close.Elementwise<float, float>(outputs[OnnxExporter.Logits].Values, model.Logits,
            OnnxRun.Relative, OnnxRun.Absolute, "logits");
    }

    // export model.ckpt → model.safetensors; import → model-run/ (a run directory); returns the run directory.
    private static string RoundTrip(TempDirectory dir, string checkpoint, string kind)
    {
        string weights = dir.File(Path.ChangeExtension(checkpoint, ".safetensors")), run = dir.File(Path.GetFileNameWithoutExtension(checkpoint) + "-run");
        var export = CliProcess.Run(dir.Path, "export", "--model", dir.File(checkpoint), "--format", "safetensors", "--out", weights);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.StartsWith($"{weights}: {kind} from ", Assert.Single(export.StdoutLines));
        var import = CliProcess.Run(dir.Path, "import", "--weights", weights, "--out", run + Path.DirectorySeparatorChar);
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("architecture from the file's metadata", import.Stdout);
        return run;
    }

    private static void AssertSameOutput(TempDirectory dir, string[] args, string original, string imported)
    {
        var a = CliProcess.Run(dir.Path, [.. args, "--model", original]);
        var b = CliProcess.Run(dir.Path, [.. args, "--model", imported]);
        Assert.True(a.ExitCode == 0, a.ToString());
        Assert.True(b.ExitCode == 0, b.ToString());
        Assert.NotEmpty(a.StdoutLines);
        Assert.Equal(a.Stdout, b.Stdout);
    }

    private static string WriteLines(string path, IEnumerable<string> lines)
    {
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }
}
