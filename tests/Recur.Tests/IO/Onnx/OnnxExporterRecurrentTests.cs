using Recur.Cells;
using Recur.IO.Onnx;
using Recur.Layers;
using Recur.Tests.TestSupport;
using Recur.Training;

namespace Recur.Tests.IO.Onnx;

/// <summary>
/// Every cell form exported as a bare stacked network and run in ONNX Runtime on a batch of mixed lengths, against
/// Recur's forward pass: outputs at every step (zero at padded steps in both) and final states.
/// </summary>
public sealed class OnnxExporterRecurrentTests
{
    private const int InputSize = 3, HiddenSize = 4, Steps = 5;
    // Mixed lengths: one full, one empty (its final state is its initial state), one of a single step, others in between.
    private static readonly int[] s_lengths = [5, 2, 0, 1, 4];

    /// <summary>Cell form × {1, 2} layers × {one direction, both concatenated, both summed}.</summary>
    public static TheoryData<string, int, bool, DirectionMerge> Forms()
    {
        var data = new TheoryData<string, int, bool, DirectionMerge>();
        foreach (var kind in CellKinds.All)
            foreach (int layers in new[] { 1, 2 })
            {
                data.Add(kind.ToName(), layers, false, DirectionMerge.Concat);
                data.Add(kind.ToName(), layers, true, DirectionMerge.Concat);
                data.Add(kind.ToName(), layers, true, DirectionMerge.Sum);
            }
        return data;
    }

    /// <summary>Every cell form.</summary>
    public static TheoryData<string> Cells() => new(CellKinds.All.Select(k => k.ToName()));

    [Theory]
    [MemberData(nameof(Forms))]
    public void Export_EachCellForm_MatchesRecurInOnnxRuntime(string cell, int layers, bool bidirectional, DirectionMerge merge) =>
        AssertMatches<float>(new RecurrentOptions(CellKinds.Parse(cell), InputSize, HiddenSize)
        {
            NumLayers = layers, Bidirectional = bidirectional, Merge = merge,
        });

    [Theory]
    [MemberData(nameof(Cells))]
    public void Export_WithoutBiases_MatchesRecurInOnnxRuntime(string cell) =>
        AssertMatches<float>(new RecurrentOptions(CellKinds.Parse(cell), InputSize, HiddenSize) { NumLayers = 2, Bidirectional = true, Bias = false });

    [Theory]
    [MemberData(nameof(Cells))]
    public void Export_DoubleNetwork_WritesFloat32WeightsThatMatch(string cell) =>
        AssertMatches<double>(new RecurrentOptions(CellKinds.Parse(cell), InputSize, HiddenSize) { NumLayers = 2, Bidirectional = true });

    // Recur's forward pass in T, against ONNX Runtime's in float32, with random initial states fed.
    private static void AssertMatches<T>(RecurrentOptions options) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Rng(17);
        var network = new Stacked<T>(new ParameterStore<T>(), options);
        network.Reset(rng);
        int batch = s_lengths.Length, states = network.StateLayers * batch * HiddenSize, o = network.OutputSize;
        var x = Fill.Uniform<float>(rng, Steps * batch * InputSize);
        var h0 = Fill.Uniform<float>(rng, states);
        var c0 = network.HasCellState ? Fill.Uniform<float>(rng, states) : [];
        var y = new T[Steps * batch * o];
        var hN = new T[states];
        var cN = new T[network.HasCellState ? states : 0];
        network.Forward(Steps, batch, s_lengths, Cast<T>(x), Cast<T>(h0), Cast<T>(c0), y, hN, cN);

        using var dir = new TempDirectory();
        string path = dir.File("network.onnx");
        OnnxExporter.Export(network, path);
        long[] stateShape = [network.StateLayers, batch, HiddenSize];
        var inputs = new List<OnnxRun.Input>
        {
            new(OnnxExporter.Input, x, [Steps, batch, InputSize]),
            new(OnnxExporter.Lengths, s_lengths, [batch]),
            new(OnnxExporter.InitialHidden, h0, stateShape),
        };
        if (network.HasCellState) inputs.Add(new(OnnxExporter.InitialCell, c0, stateShape));
        var outputs = OnnxRun.Run(path, [.. inputs]);

        Assert.Equal([Steps, batch, o], outputs[OnnxExporter.Output].Shape);
        Close.Elementwise<float, T>(outputs[OnnxExporter.Output].Values, y, OnnxRun.Relative, OnnxRun.Absolute, "y");
        Assert.Equal(stateShape, outputs[OnnxExporter.FinalHidden].Shape);
        Close.Elementwise<float, T>(outputs[OnnxExporter.FinalHidden].Values, hN, OnnxRun.Relative, OnnxRun.Absolute, "h_n");
        if (network.HasCellState)
            Close.Elementwise<float, T>(outputs[OnnxExporter.FinalCell].Values, cN, OnnxRun.Relative, OnnxRun.Absolute, "c_n");
        else Assert.False(outputs.ContainsKey(OnnxExporter.FinalCell));
    }

    private static T[] Cast<T>(float[] values) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        [.. values.Select(T.CreateChecked)];
}
