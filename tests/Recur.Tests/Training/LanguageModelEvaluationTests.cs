using Recur.Cells;
using Recur.Layers;
using Recur.Models;
using Recur.Text;
using Recur.Training;

namespace Recur.Tests.Training;

public sealed class LanguageModelEvaluationTests
{
    /// <summary>Summing the same terms in another order (per window, then weighted) changes only the last bits.</summary>
    private const double SumOrder = 1e-12;

    [Theory]
    [InlineData(2)]
    [InlineData(LanguageModelEvaluation.StreamWindow + 1)]
    [InlineData(3 * LanguageModelEvaluation.StreamWindow + 17)]
    public void Stream_AnyLength_EqualsOneForwardPassOverTheWholeStream(int length)
    {
        var model = new LanguageModel<double>(new LanguageModelOptions(9) { Cell = CellKind.Lstm, EmbeddingSize = 4, HiddenSize = 6, NumLayers = 2 });
        model.Reset(new Rng(2), 0.3);
        var rng = new Rng(8);
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) ids[i] = rng.NextInt(9);

        var result = LanguageModelEvaluation.Stream(model, ids);

        // The definition: one pass from a zero state, every token after the first predicted from all before it.
        model.Forward(length - 1, 1, ids.AsSpan(0, length - 1), default, default, carryState: false, dropoutRng: null);
        var logits = model.Logits;
        double sum = 0;
        for (int t = 0; t < length - 1; t++)
        {
            var z = logits.Slice(t * 9, 9);
            sum += Recur.Kernels.Activations.LogSumExp(z) - z[ids[t + 1]];
        }
        double expected = sum / (length - 1);
        Assert.Equal(length - 1, result.Tokens);
        Assert.True(Math.Abs(result.Loss - expected) <= SumOrder * expected, $"stream {result.Loss:R}, one pass {expected:R}");
        Assert.Equal(Math.Exp(result.Loss), result.Perplexity);
    }

    [Fact]
    public void Stream_OneToken_ThrowsArgument()
    {
        var model = new LanguageModel<float>(new LanguageModelOptions(4) { EmbeddingSize = 2, HiddenSize = 3 });
        Assert.Throws<ArgumentException>(() => LanguageModelEvaluation.Stream(model, new[] { 1 }));
    }

    [Fact]
    public void Evaluate_PaddedLines_CountsOnlyRealTargets()
    {
        var model = new LanguageModel<float>(new LanguageModelOptions(6) { EmbeddingSize = 3, HiddenSize = 4 });
        model.Reset(new Rng(1));
        int[][] lines = [[2, 3, 4], [5], [2, 2, 2, 2, 2]];
        var result = LanguageModelEvaluation.Evaluate(model, new LineBatchSource(new LineBatcher(lines, 2), null));
        Assert.Equal(3 + 1 + 5 + 3, result.Tokens); // each line's tokens and its <eos>
        Assert.True(double.IsFinite(result.Loss) && result.Loss > 0);
    }
}
