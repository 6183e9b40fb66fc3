using Recur.Cells;
using Recur.Diagnostics;
using Recur.Layers;
using Recur.Models;
using Recur.Tests.TestSupport;
using Recur.Text;
using Recur.Training;

namespace Recur.Tests.Diagnostics;

public sealed class TextTracerTests
{
    /// <summary>The tracer's step-by-step run against the model's own batched forward pass, in double.</summary>
    private const double SameComputation = 1e-12;

    [Theory]
    [InlineData(CellKind.RnnTanh)]
    [InlineData(CellKind.GruSimple)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.GruResetAfter)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.LstmPeephole)]
    public void Trace_AnyCell_ProbabilitiesAndFinalStatesMatchTheModelsForwardPass(CellKind kind)
    {
        var model = new LanguageModel<double>(new LanguageModelOptions(7) { Cell = kind, EmbeddingSize = 3, HiddenSize = 5, NumLayers = 2 });
        model.Reset(new Rng(17));
        int[] ids = [3, 4, 2, 6, 1, 5, 2];
        var trace = TextTracer.Trace(model, ids, ids.Select(i => ((char)('a' + i)).ToString()).ToArray());

        // The model reads <eos> then the tokens; logits row t predicts token t.
        int[] inputs = [Vocabulary.EosId, .. ids[..^1]];
        model.Forward(ids.Length, 1, inputs, default, default, carryState: false, dropoutRng: null);
        var expected = new double[ids.Length];
        for (int t = 0; t < ids.Length; t++)
        {
            var z = model.Logits.Slice(t * 7, 7);
            expected[t] = Math.Exp(z[ids[t]] - Recur.Kernels.Activations.LogSumExp(z));
        }
        Close.Elementwise<double, double>(trace.Probabilities, expected, SameComputation, SameComputation, "probabilities");

        // The state after the last token but one is the model's carried state (it read ids[..^1]).
        for (int l = 0; l < 2; l++)
        {
            var layer = trace.Layers[l];
            Assert.Equal(ids.Length * 5, layer.Hidden.Length);
            Close.Elementwise<float, double>(layer.Hidden.AsSpan((ids.Length - 2) * 5, 5), model.HiddenState.Slice(l * 5, 5), 1e-6, 1e-7, $"h of layer {l}");
        }
        Assert.Equal(trace.Tokens.Count, trace.Count);
    }

    [Fact]
    public void Trace_Lstm_GatesAreTheOnesThatMakeH()
    {
        // h = o⊙tanh(c) ties the recorded output gate to the recorded states; the forget and input gates lie in (0, 1).
        var model = new LanguageModel<double>(new LanguageModelOptions(6) { Cell = CellKind.Lstm, EmbeddingSize = 3, HiddenSize = 4 });
        model.Reset(new Rng(5));
        int[] ids = [2, 3, 4, 5, 1, 2];
        var layer = TextTracer.Trace(model, ids, ids.Select(i => i.ToString()).ToArray()).Layers[0];

        Assert.Equal(["input", "forget", "output"], layer.Gates.Select(g => g.Name));
        var o = layer.Gates[2].Values;
        for (int i = 0; i < layer.Hidden.Length; i++)
            Assert.Equal(layer.Hidden[i], o[i] * MathF.Tanh(layer.CellState![i]), 1e-6f);
        Assert.All(layer.Gates[1].Values, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Trace_Lines_EosAfterEachLineAndTokensCapped()
    {
        var vocabulary = new Vocabulary(TokenLevel.Char, false, [Vocabulary.Unk, Vocabulary.Eos, "a", "b"], [0, 0, 3, 2]);
        var model = new LanguageModel<float>(new LanguageModelOptions(vocabulary.Count) { Cell = CellKind.Gru, EmbeddingSize = 2, HiddenSize = 3 });
        model.Reset(new Rng(1));

        var trace = TextTracer.Trace(model, vocabulary, ["ab", "bza"], maxTokens: 5);

        Assert.Equal(["a", "b", "\n", "b", "z"], trace.Tokens);
        Assert.Equal([2, 3, Vocabulary.EosId, 3, Vocabulary.UnkId], trace.Ids);
        Assert.All(trace.Probabilities, p => Assert.InRange(p, 0, 1));
        Assert.Equal(["reset", "update"], trace.Layers[0].Gates.Select(g => g.Name));
    }
}
