using Recur.Cells;
using Recur.Diagnostics;
using Recur.Layers;
using Recur.Models;
using Recur.Tests.TestSupport;
using Recur.Training;

namespace Recur.Tests.Diagnostics;

/// <summary>
/// The per-step norms of <see cref="GradientFlow"/> against a direct computation that never touches the backward pass:
/// central differences of the last step's loss with respect to a perturbation of h⟨t⟩, made by cutting the layer's run
/// at step t, adding the perturbation to the state (and to the output of that step) and running on from it.
/// </summary>
public sealed class GradientFlowTests
{
    /// <summary>‖numeric − captured‖ relative to the norm, per (layer, direction, distance).</summary>
    private const double FlowTolerance = 1e-6;

    private const double Step = 1e-5;
    private const int Vocab = 5, Embed = 3, Hidden = 4;

    [Theory]
    [InlineData(CellKind.RnnTanh)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.Lstm)]
    public void Measure_LanguageModel_NormsEqualFiniteDifferencesOfTheLastStepLoss(CellKind kind)
    {
        const int steps = 6, windows = 3;
        var model = new LanguageModel<double>(new LanguageModelOptions(Vocab) { Cell = kind, EmbeddingSize = Embed, HiddenSize = Hidden, NumLayers = 2 });
        model.Reset(new Rng(13));
        var rng = new Rng(14);
        int[] stream = Enumerable.Range(0, 30).Select(_ => rng.NextInt(Vocab)).ToArray();

        // Two passes (batch size 2) over the three windows, so the per-sequence scaling of the batch mean is exercised.
        var result = GradientFlow.Measure(model, stream, steps, windows, "m", batchSize: 2);

        var expected = new double[2, steps];
        for (int w = 0; w < windows; w++)
        {
            int offset = (stream.Length - steps - 1) * w / (windows - 1);
            int[] window = stream[offset..(offset + steps)];
            int target = stream[offset + steps];
            for (int layer = 0; layer < 2; layer++)
                for (int t = 0; t < steps; t++)
                    expected[layer, steps - 1 - t] += NumericNorm(unit => LanguageModelLoss(model, window, target, layer, t, unit)) / windows;
        }
        Assert.Equal(2, result.Series.Count);
        foreach (var series in result.Series)
        {
            Assert.Equal(0, series.Direction);
            Assert.All(series.Count, c => Assert.Equal(windows, c));
            var want = Enumerable.Range(0, steps).Select(k => expected[series.Layer, k]).ToArray();
            Close.RelativeNorm<double, double>(series.MeanNorm, want, FlowTolerance, $"layer {series.Layer}");
        }
    }

    [Fact]
    public void Measure_BidirectionalClassifier_PerDirectionNormsEqualFiniteDifferences()
    {
        var model = new Classifier<double>(new ClassifierOptions(Vocab, 3)
        {
            Cell = CellKind.Lstm, EmbeddingSize = Embed, HiddenSize = Hidden, Bidirectional = true, Pooling = Pooling.Last,
        });
        model.Reset(new Rng(31));
        var examples = new[] { new ClassificationExample([1, 4, 2, 0, 3], 2), new ClassificationExample([3, 1, 1], 0) };

        var result = GradientFlow.Measure(model, examples, "c");

        Assert.Equal(2, result.Series.Count);
        foreach (var series in result.Series)
        {
            var sums = new double[5];
            var counts = new long[5];
            foreach (var example in examples)
            {
                int length = example.Tokens.Length;
                for (int t = 0; t < length; t++)
                {
                    int k = series.Direction == 0 ? length - 1 - t : t;
                    sums[k] += NumericNorm(unit => ClassifierLoss(model, example, series.Direction, t, unit));
                    counts[k]++;
                }
            }
            Assert.Equal(counts, series.Count);
            Close.RelativeNorm<double, double>(series.MeanNorm, sums.Select((s, k) => s / counts[k]).ToArray(), FlowTolerance, series.PartName);
        }
    }

    [Fact]
    public void HiddenGradientCapture_OnOrOff_SameParameterGradients()
    {
        var options = new RecurrentOptions(CellKind.GruResetAfter, Embed, Hidden) { NumLayers = 2, Bidirectional = true };
        var net = new Stacked<double>(new ParameterStore<double>(), options);
        net.Reset(new Rng(3));
        var rng = new Rng(4);
        var x = Fill.Uniform<double>(rng, 4 * 2 * Embed);
        var dy = Fill.Uniform<double>(rng, 4 * 2 * net.OutputSize);
        double[] Gradients()
        {
            net.Forward(4, 2, [4, 2], x, default, default, new double[dy.Length], default, default);
            net.Store.ZeroGradients();
            net.Backward(x, dy, default, default, default, default, default);
            return net.Store.Gradients.ToArray();
        }

        var without = Gradients();
        double[] with;
        using (var probe = new HiddenGradientProbe<double>(net))
        {
            probe.Prepare(4, 2);
            with = Gradients();
            // Sequence 1 has 2 steps: its padded steps receive no gradient.
            Assert.Equal(0.0, probe.Norm(1, 1, 3, 1));
            Assert.True(probe.Norm(1, 1, 1, 1) > 0);
        }

        Assert.Equal(without, with);
        foreach (var layer in net.Layers.Cast<Bidirectional<double>>())
            Assert.Null(layer.Forwards.HiddenGradientCapture);
    }

    /// <summary>‖(L(+h eᵢ) − L(−h eᵢ)) / 2h‖ over the units i of one state.</summary>
    private static double NumericNorm(Func<int, Func<double, double>> lossAt)
    {
        double sum = 0;
        for (int unit = 0; unit < Hidden; unit++)
        {
            var loss = lossAt(unit);
            double g = (loss(Step) - loss(-Step)) / (2 * Step);
            sum += g * g;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>The cross-entropy of <paramref name="target"/> after the window, with h⟨t⟩ of one layer moved by δ in one unit.</summary>
    private static Func<double, double> LanguageModelLoss(LanguageModel<double> model, int[] window, int target, int layer, int t, int unit) => delta =>
    {
        int steps = window.Length;
        var x = new double[steps * Embed];
        model.Embedding.Forward(window, x);
        for (int l = 0; l < model.Rnn.Layers.Count; l++)
        {
            var recurrent = (RecurrentLayer<double>)model.Rnn.Layers[l];
            x = l == layer ? RunPerturbedForward(recurrent, x, recurrent.InputSize, t, unit, delta) : Run(recurrent, x, steps, default, default);
        }
        var logits = new double[Vocab];
        model.Decoder.Forward(1, x.AsSpan((steps - 1) * Hidden, Hidden), logits);
        return Recur.Kernels.Activations.LogSumExp(logits) - logits[target];
    };

    /// <summary>The classifier's loss on one text alone, with h⟨t⟩ of one direction moved by δ in one unit.</summary>
    private static Func<double, double> ClassifierLoss(Classifier<double> model, ClassificationExample example, int direction, int t, int unit) => delta =>
    {
        int steps = example.Tokens.Length;
        var x = new double[steps * Embed];
        model.Embedding.Forward(example.Tokens, x);
        var bi = (Bidirectional<double>)model.Rnn.Layers[0];
        var pooled = new double[2 * Hidden];
        var forward = direction == 0 ? RunPerturbedForward(bi.Forwards, x, Embed, t, unit, delta) : Run(bi.Forwards, x, steps, default, default);
        forward.AsSpan((steps - 1) * Hidden, Hidden).CopyTo(pooled);
        if (direction == 0) RunFinalState(bi.Backwards, x, steps, default, default).CopyTo(pooled, Hidden);
        else
        {
            // The reverse direction's state after step t: run steps t..end, perturb, then run steps 0..t−1 from it.
            var (h, c) = FinalStates(bi.Backwards, x.AsSpan(t * Embed), steps - t, default, default);
            h[unit] += delta;
            if (t > 0) (h, _) = FinalStates(bi.Backwards, x, t, h, c);
            h.CopyTo(pooled, Hidden);
        }
        var logits = new double[3];
        model.Output.Forward(1, pooled, logits);
        return Recur.Kernels.Activations.LogSumExp(logits) - logits[example.Label];
    };

    // A forward layer over x [T, 1, D]: steps 0..t, then h⟨t⟩ (and the output at t) moved by δ, then steps t+1..T−1 from it.
    private static double[] RunPerturbedForward(RecurrentLayer<double> layer, double[] x, int inputSize, int t, int unit, double delta)
    {
        int steps = x.Length / inputSize;
        var y = new double[steps * Hidden];
        var (h, c) = FinalStates(layer, x, t + 1, default, default, y);
        h[unit] += delta;
        y[t * Hidden + unit] += delta;
        if (t + 1 < steps) Run(layer, x.AsSpan((t + 1) * inputSize), steps - t - 1, h, c).CopyTo(y, (t + 1) * Hidden);
        return y;
    }

    private static double[] Run(RecurrentLayer<double> layer, ReadOnlySpan<double> x, int steps, double[]? h0, double[]? c0)
    {
        var y = new double[steps * Hidden];
        FinalStates(layer, x, steps, h0, c0, y);
        return y;
    }

    private static double[] RunFinalState(RecurrentLayer<double> layer, ReadOnlySpan<double> x, int steps, double[]? h0, double[]? c0) =>
        FinalStates(layer, x, steps, h0, c0).H;

    private static (double[] H, double[] C) FinalStates(RecurrentLayer<double> layer, ReadOnlySpan<double> x, int steps, double[]? h0, double[]? c0,
        double[]? y = null)
    {
        var h = new double[Hidden];
        var c = new double[Hidden];
        var output = new double[steps * Hidden];
        layer.Forward(steps, 1, default, x[..(steps * layer.InputSize)], h0, layer.HasCellState ? c0 : default, output, h,
            layer.HasCellState ? c : default, default);
        output.CopyTo(y ?? output, 0);
        return (h, c);
    }
}
