using Recur.Cells;
using Recur.IO.Onnx;
using Recur.Layers;
using Recur.Models;
using Recur.Tests.TestSupport;
using Recur.Training;

namespace Recur.Tests.IO.Onnx;

/// <summary>
/// The language model, the tagger and the classifier exported and run in ONNX Runtime on random batches of mixed lengths
/// (an empty sequence included), against Recur's forward pass at every position.
/// </summary>
public sealed class OnnxExporterModelTests
{
    private const int Vocabulary = 11, Classes = 3, Tags = 5, Chars = 9, Steps = 5;
    private static readonly int[] s_lengths = [5, 3, 0, 1, 4];

    /// <summary>Every cell form × a flag: initial state fed (language model), character features (tagger).</summary>
    public static TheoryData<string, bool> CellsAndFlag()
    {
        var data = new TheoryData<string, bool>();
        foreach (var kind in CellKinds.All)
        {
            data.Add(kind.ToName(), true);
            data.Add(kind.ToName(), false);
        }
        return data;
    }

    /// <summary>Every cell form × pooling × one or both directions.</summary>
    public static TheoryData<string, Pooling, bool> CellsAndPooling()
    {
        var data = new TheoryData<string, Pooling, bool>();
        foreach (var kind in CellKinds.All)
            foreach (var pooling in new[] { Pooling.Last, Pooling.Mean, Pooling.Max })
            {
                data.Add(kind.ToName(), pooling, true);
                data.Add(kind.ToName(), pooling, false);
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(CellsAndFlag))]
    public void LanguageModel_EachCell_MatchesRecurInOnnxRuntime(string cell, bool feedState)
    {
        var rng = new Rng(5);
        var model = new LanguageModel<float>(new LanguageModelOptions(Vocabulary)
        {
            Cell = CellKinds.Parse(cell), EmbeddingSize = 5, HiddenSize = 4, NumLayers = 2,
        });
        model.Reset(rng);
        int batch = s_lengths.Length, states = model.Rnn.StateLayers * batch * 4;
        var tokens = Tokens(rng, Vocabulary, Steps, s_lengths);
        var h0 = Fill.Uniform<float>(rng, states);
        var c0 = model.Rnn.HasCellState ? Fill.Uniform<float>(rng, states) : [];
        if (feedState) model.SetState(batch, h0, c0);
        model.Forward(Steps, batch, tokens, default, s_lengths, carryState: feedState, dropoutRng: null);

        using var dir = new TempDirectory();
        string path = dir.File("lm.onnx");
        OnnxExporter.Export(model, path);
        long[] stateShape = [model.Rnn.StateLayers, batch, 4];
        var inputs = new List<OnnxRun.Input>
        {
            new(OnnxExporter.Tokens, OnnxRun.Longs(tokens), [Steps, batch]),
            new(OnnxExporter.Lengths, s_lengths, [batch]),
        };
        if (feedState)
        {
            inputs.Add(new(OnnxExporter.InitialHidden, h0, stateShape));
            if (model.Rnn.HasCellState) inputs.Add(new(OnnxExporter.InitialCell, c0, stateShape));
        }
        var outputs = OnnxRun.Run(path, [.. inputs]);

        Assert.Equal([Steps, batch, Vocabulary], outputs[OnnxExporter.Logits].Shape);
        Close.Elementwise<float, float>(outputs[OnnxExporter.Logits].Values, model.Logits, OnnxRun.Relative, OnnxRun.Absolute, "logits");
        Close.Elementwise<float, float>(outputs[OnnxExporter.FinalHidden].Values, model.HiddenState, OnnxRun.Relative, OnnxRun.Absolute, "h_n");
        if (model.Rnn.HasCellState)
            Close.Elementwise<float, float>(outputs[OnnxExporter.FinalCell].Values, model.CellState, OnnxRun.Relative, OnnxRun.Absolute, "c_n");
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru-after")]
    [InlineData("gru-simple")]
    public void LanguageModel_WideAndSaturated_AsAccurateAsRecursOwnFloat32(string cell)
    {
        // With large weights the network amplifies rounding over the steps, and no float32 run stays within 1e-5 of the
        // exact result: Recur's own float32 logits differ from its float64 ones by up to ~4e-4 here (gru-simple). The
        // exported graph must then be about as close to the float64 reference as Recur's float32 pass is.
        const double SameAccuracyFactor = 2;
        var rng = new Rng(1);
        var options = new LanguageModelOptions(40) { Cell = CellKinds.Parse(cell), EmbeddingSize = 32, HiddenSize = 128, NumLayers = 2 };
        var model = new LanguageModel<float>(options);
        model.Reset(rng, initRange: 0.3);
        var exact = new LanguageModel<double>(options);
        for (int i = 0; i < model.Store.Count; i++) exact.Store.Values[i] = model.Store.Values[i];
        int steps = 30;
        int[] lengths = [30, 17, 1, 29];
        var tokens = Tokens(rng, 40, steps, lengths);
        model.Forward(steps, lengths.Length, tokens, default, lengths, carryState: false, dropoutRng: null);
        exact.Forward(steps, lengths.Length, tokens, default, lengths, carryState: false, dropoutRng: null);
        using var dir = new TempDirectory();
        string path = dir.File("lm.onnx");
        OnnxExporter.Export(model, path);

        var onnx = OnnxRun.Run(path,
            new(OnnxExporter.Tokens, OnnxRun.Longs(tokens), [steps, lengths.Length]),
            new(OnnxExporter.Lengths, lengths, [lengths.Length]))[OnnxExporter.Logits].Values;

        double recurError = 0, onnxError = 0;
        for (int i = 0; i < onnx.Length; i++)
        {
            recurError = Math.Max(recurError, Math.Abs(model.Logits[i] - exact.Logits[i]));
            onnxError = Math.Max(onnxError, Math.Abs(onnx[i] - exact.Logits[i]));
        }
        Assert.True(onnxError <= SameAccuracyFactor * recurError + OnnxRun.Absolute,
            $"{cell}: ONNX Runtime is {onnxError:E2} from float64, Recur's float32 pass {recurError:E2}");
    }

    [Fact]
    public void LanguageModel_Lstm_StatesAreOptionalInputs()
    {
        var model = new LanguageModel<float>(new LanguageModelOptions(Vocabulary) { EmbeddingSize = 5, HiddenSize = 4 });
        using var dir = new TempDirectory();
        string path = dir.File("lm.onnx");
        OnnxExporter.Export(model, path);

        var (required, optional) = OnnxRun.InputNames(path);

        Assert.Equal([OnnxExporter.Lengths, OnnxExporter.Tokens], required);
        Assert.Equal([OnnxExporter.InitialCell, OnnxExporter.InitialHidden], optional);
    }

    [Fact]
    public void LanguageModel_StepByStep_FinalStatesContinueTheSequence()
    {
        // Feeding h_n, c_n back one token at a time gives the logits of one pass over the whole sequence.
        var rng = new Rng(9);
        var model = new LanguageModel<float>(new LanguageModelOptions(Vocabulary) { EmbeddingSize = 5, HiddenSize = 4, NumLayers = 2 });
        model.Reset(rng);
        int[] lengths = [Steps, Steps];
        var tokens = Tokens(rng, Vocabulary, Steps, lengths);
        model.Forward(Steps, lengths.Length, tokens, default, lengths, carryState: false, dropoutRng: null);
        var expected = model.Logits.ToArray();
        using var dir = new TempDirectory();
        string path = dir.File("lm.onnx");
        OnnxExporter.Export(model, path);

        int batch = lengths.Length;
        long[] stateShape = [2, batch, 4];
        float[] h = new float[2 * batch * 4], c = new float[2 * batch * 4];
        var actual = new List<float>();
        for (int t = 0; t < Steps; t++)
        {
            var outputs = OnnxRun.Run(path,
                new(OnnxExporter.Tokens, OnnxRun.Longs(tokens.AsSpan(t * batch, batch)), [1, batch]),
                new(OnnxExporter.Lengths, new[] { 1, 1 }, [batch]),
                new(OnnxExporter.InitialHidden, h, stateShape),
                new(OnnxExporter.InitialCell, c, stateShape));
            actual.AddRange(outputs[OnnxExporter.Logits].Values);
            h = outputs[OnnxExporter.FinalHidden].Values;
            c = outputs[OnnxExporter.FinalCell].Values;
        }

        Close.Elementwise<float, float>([.. actual], expected, OnnxRun.Relative, OnnxRun.Absolute, "logits step by step");
    }

    [Theory]
    [MemberData(nameof(CellsAndFlag))]
    public void Tagger_EachCell_MatchesRecurInOnnxRuntime(string cell, bool characters)
    {
        var rng = new Rng(3);
        var model = NewTagger(CellKinds.Parse(cell), characters, rng);
        AssertTaggerMatches(model, rng, Steps, s_lengths);
    }

    [Fact]
    public void Tagger_OneDirectionOneLayer_MatchesRecurInOnnxRuntime()
    {
        var rng = new Rng(4);
        var model = NewTagger(CellKind.Lstm, characters: true, rng, bidirectional: false, layers: 1);
        AssertTaggerMatches(model, rng, Steps, s_lengths);
    }

    [Fact]
    public void Tagger_OtherBatchAndSequenceSizes_RunOnTheSameFile()
    {
        // The file has no fixed batch, sequence or word length: one export serves every shape.
        var rng = new Rng(6);
        var model = NewTagger(CellKind.Lstm, characters: true, rng);
        using var dir = new TempDirectory();
        string path = dir.File("tagger.onnx");
        OnnxExporter.Export(model, path);
        AssertTaggerMatches(model, rng, 1, [1], path);
        AssertTaggerMatches(model, rng, 9, [9, 2, 7, 1, 9, 3, 4], path);
    }

    [Theory]
    [MemberData(nameof(CellsAndPooling))]
    public void Classifier_EachPoolingAndCell_MatchesRecurInOnnxRuntime(string cell, Pooling pooling, bool bidirectional)
    {
        var rng = new Rng(8);
        var model = new Classifier<float>(new ClassifierOptions(Vocabulary, Classes)
        {
            Cell = CellKinds.Parse(cell), EmbeddingSize = 5, HiddenSize = 4, NumLayers = 2, Bidirectional = bidirectional, Pooling = pooling,
        });
        model.Reset(rng);
        int batch = s_lengths.Length;
        var tokens = Tokens(rng, Vocabulary, Steps, s_lengths);
        var data = new ClassificationBatch();
        data.EnsureCapacity(Steps, batch);
        tokens.CopyTo(data.Tokens, 0);
        s_lengths.CopyTo(data.Lengths, 0);
        data.LabelSpan.Fill(ClassificationBatch.IgnoreLabel);
        model.Forward(data, dropoutRng: null);

        using var dir = new TempDirectory();
        string path = dir.File("classifier.onnx");
        OnnxExporter.Export(model, path);
        var outputs = OnnxRun.Run(path,
            new(OnnxExporter.Tokens, OnnxRun.Longs(tokens), [Steps, batch]),
            new(OnnxExporter.Lengths, s_lengths, [batch]));

        Assert.Equal([batch, Classes], outputs[OnnxExporter.Logits].Shape);
        Close.Elementwise<float, float>(outputs[OnnxExporter.Logits].Values, model.Logits, OnnxRun.Relative, OnnxRun.Absolute, "logits");
    }

    private static Tagger<float> NewTagger(CellKind cell, bool characters, Rng rng, bool bidirectional = true, int layers = 2)
    {
        var model = new Tagger<float>(new TaggerOptions(Vocabulary, Tags)
        {
            CharCount = characters ? Chars : 0, Cell = cell, WordEmbeddingSize = 5, CharEmbeddingSize = 3, CharHiddenSize = 3,
            HiddenSize = 4, NumLayers = layers, Bidirectional = bidirectional,
        });
        model.Reset(rng);
        return model;
    }

    // Recur's tagging batch numbers valid words n in time-major order with characters [C, N]; the ONNX file reads them per
    // position as chars [C, T, B] and char_lengths [T, B] (0 at padding).
    private static void AssertTaggerMatches(Tagger<float> model, Rng rng, int steps, int[] lengths, string? path = null)
    {
        int batch = lengths.Length;
        var data = new TaggingBatch();
        data.EnsureCapacity(steps, batch);
        Tokens(rng, Vocabulary, steps, lengths).CopyTo(data.Words, 0);
        data.TagSpan.Fill(TaggingBatch.IgnoreTag);
        lengths.CopyTo(data.Lengths, 0);
        int maxChars = 4;
        var chars = new long[maxChars * steps * batch];
        var charLengths = new int[steps * batch];
        if (model.Options.UseCharacters)
        {
            int words = lengths.Sum();
            data.HasCharacters = true;
            data.EnsureCharCapacity(maxChars, words);
            data.Chars.AsSpan(0, maxChars * words).Fill(TaggingBatch.PadId);
            int n = 0;
            for (int t = 0; t < steps; t++)
                for (int b = 0; b < batch; b++)
                {
                    if (t >= lengths[b]) continue;
                    int row = t * batch + b, count = 1 + rng.NextInt(maxChars);
                    data.WordRows[n] = row;
                    data.CharLengths[n] = count;
                    charLengths[row] = count;
                    for (int c = 0; c < count; c++)
                    {
                        int id = rng.NextInt(Chars);
                        data.Chars[c * words + n] = id;
                        chars[c * steps * batch + row] = id;
                    }
                    n++;
                }
        }
        model.Forward(data, dropoutRng: null);

        using var dir = new TempDirectory();
        if (path is null)
        {
            path = dir.File("tagger.onnx");
            OnnxExporter.Export(model, path);
        }
        var inputs = new List<OnnxRun.Input>
        {
            new(OnnxExporter.Tokens, OnnxRun.Longs(data.WordSpan), [steps, batch]),
            new(OnnxExporter.Lengths, lengths, [batch]),
        };
        if (model.Options.UseCharacters)
        {
            inputs.Add(new(OnnxExporter.Chars, chars, [maxChars, steps, batch]));
            inputs.Add(new(OnnxExporter.CharLengths, charLengths, [steps, batch]));
        }
        var outputs = OnnxRun.Run(path, [.. inputs]);

        Assert.Equal([steps, batch, Tags], outputs[OnnxExporter.Logits].Shape);
        Close.Elementwise<float, float>(outputs[OnnxExporter.Logits].Values, model.Logits, OnnxRun.Relative, OnnxRun.Absolute, $"logits {steps}×{batch}");
    }

    // Random ids at valid steps, the padding id elsewhere      [T·B], time-major
    private static int[] Tokens(Rng rng, int vocabulary, int steps, int[] lengths)
    {
        int batch = lengths.Length;
        var tokens = new int[steps * batch];
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
                tokens[t * batch + b] = t < lengths[b] ? rng.NextInt(vocabulary) : Recur.Text.Vocabulary.EosId;
        return tokens;
    }
}
