using Recur.Cells;
using Recur.Cli.Commands;
using Recur.IO.Onnx;
using Recur.Layers;
using Recur.Models;
using Recur.Tests.IO;
using Recur.Tests.IO.Onnx;
using Recur.Tests.TestSupport;
using Recur.Text;
using Recur.Training;

namespace Recur.Tests.Cli;

/// <summary><see cref="OnnxExport.Write"/>: each checkpoint kind opened, exported and run, or refused with a clear error.</summary>
public sealed class OnnxExportTests
{
    [Fact]
    public void Write_LanguageModelRunDirectory_ExportsItsBestCheckpoint()
    {
        using var dir = new TempDirectory();
        var vocabulary = DateTask.TargetVocabulary();
        var model = new LanguageModel<float>(new LanguageModelOptions(vocabulary.Count) { Cell = CellKind.Gru, EmbeddingSize = 4, HiddenSize = 5 });
        model.Reset(new Rng(1));
        LanguageModelCheckpoint.Save(dir.File("best.ckpt"), model, vocabulary, "{}", null);
        string onnx = dir.File("lm.onnx");

        OnnxExport.Write(dir.Path, onnx);

        int[] tokens = [.. vocabulary.Encode("1979-05-03")];
        model.Forward(tokens.Length, 1, tokens, default, default, carryState: false, dropoutRng: null);
        var outputs = OnnxRun.Run(onnx,
            new(OnnxExporter.Tokens, OnnxRun.Longs(tokens), [tokens.Length, 1]),
            new(OnnxExporter.Lengths, new[] { tokens.Length }, [1]));
        Close.Elementwise<float, float>(outputs[OnnxExporter.Logits].Values, model.Logits, OnnxRun.Relative, OnnxRun.Absolute, "logits");
    }

    [Fact]
    public void Write_TaggerCheckpoint_ExportsCharacterInputs()
    {
        using var dir = new TempDirectory();
        var vocabularies = TaggerVocabularies.Build([(["a", "b", "a"], ["X", "Y", "X"]), (["c"], ["Z"])], lowerCase: true, characters: true);
        var model = new Tagger<float>(new TaggerOptions(vocabularies.Words.Count, vocabularies.Tags.Count)
        {
            CharCount = vocabularies.Chars!.Count, WordEmbeddingSize = 4, CharEmbeddingSize = 3, CharHiddenSize = 2, HiddenSize = 5,
        });
        string checkpoint = dir.File("t.ckpt"), onnx = dir.File("t.onnx");
        TaggerCheckpoint.Save(checkpoint, model, vocabularies, "{}", null);

        OnnxExport.Write(checkpoint, onnx);

        var (required, _) = OnnxRun.InputNames(onnx);
        Assert.Equal([OnnxExporter.CharLengths, OnnxExporter.Chars, OnnxExporter.Lengths, OnnxExporter.Tokens], required);
    }

    [Fact]
    public void Write_ClassifierCheckpoint_ExportsClassLogits()
    {
        using var dir = new TempDirectory();
        var vocabularies = ClassifierVocabularies.Build([("good film", "pos"), ("bad film", "neg")], TokenLevel.Word, lowerCase: true);
        var model = new Classifier<float>(new ClassifierOptions(vocabularies.Tokens.Count, 2) { EmbeddingSize = 3, HiddenSize = 4, Pooling = Pooling.Max });
        model.Reset(new Rng(5));
        string checkpoint = dir.File("c.ckpt"), onnx = dir.File("c.onnx");
        ClassifierCheckpoint.Save(checkpoint, model, vocabularies, "{}", null);

        OnnxExport.Write(checkpoint, onnx);

        var outputs = OnnxRun.Run(onnx, new(OnnxExporter.Tokens, new long[] { 2, 3 }, [2, 1]), new(OnnxExporter.Lengths, new[] { 2 }, [1]));
        Assert.Equal([1, 2], outputs[OnnxExporter.Logits].Shape);
    }

    [Fact]
    public void Write_MusicCheckpoint_ThrowsArgumentNamingTheKind()
    {
        using var dir = new TempDirectory();
        var model = new MusicModel<float>(new MusicModelOptions { HiddenSize = 4, LowestPitch = 40, PitchCount = 8 });
        string checkpoint = dir.File("m.ckpt"), onnx = dir.File("m.onnx");
        MusicCheckpoint.Save(checkpoint, model, "{}", null);

        var e = Assert.Throws<ArgumentException>(() => OnnxExport.Write(checkpoint, onnx));

        Assert.Contains("music model", e.Message);
        Assert.Contains(checkpoint, e.Message);
        Assert.False(File.Exists(onnx));
    }

    [Fact]
    public void Write_TranslationCheckpoint_ThrowsArgumentNamingTheKind()
    {
        using var dir = new TempDirectory();
        var source = DateTask.SourceVocabulary();
        var target = DateTask.TargetVocabulary();
        var model = new Seq2Seq<float>(new Seq2SeqOptions(source.Count, target.Count) { EmbeddingSize = 4, HiddenSize = 4 });
        string checkpoint = dir.File("s.ckpt");
        Seq2SeqCheckpoint.Save(checkpoint, model, source, target, "{}", null);

        var e = Assert.Throws<ArgumentException>(() => OnnxExport.Write(checkpoint, dir.File("s.onnx")));

        Assert.Contains("translation", e.Message);
    }

    [Fact]
    public void Write_NotACheckpoint_ThrowsInvalidDataNamingTheFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("notes.txt");
        File.WriteAllText(path, "not a checkpoint");

        var e = Assert.Throws<InvalidDataException>(() => OnnxExport.Write(path, dir.File("x.onnx")));

        Assert.Contains(path, e.Message);
    }
}
