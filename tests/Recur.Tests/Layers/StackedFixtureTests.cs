using System.Numerics;
using Recur.Cells;
using Recur.Layers;
using Recur.Tests.TestSupport;

namespace Recur.Tests.Layers;

/// <summary>
/// Outputs, final states and every gradient of stacked and bidirectional networks against committed fixtures:
/// torch.nn.RNN/GRU/LSTM for the forms PyTorch has, and a plain float64 implementation of the equations for the others
/// (tests/Recur.Tests/tools/make_layer_fixtures.py).
/// </summary>
public sealed class StackedFixtureTests
{
    public static TheoryData<string> Files() =>
        new(Directory.GetFiles(Fixture.Folder("layers"), "*_*_l*.json").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(Files))]
    public void ForwardBackward_Float32_MatchesReference(string file) => Compare<float>(file);

    [Theory]
    [MemberData(nameof(Files))]
    public void ForwardBackward_Float64_MatchesReference(string file) => Compare<double>(file);

    [Fact]
    public void Fixtures_CoverEveryCellForm()
    {
        var cells = Directory.GetFiles(Fixture.Folder("layers"), "*_*_l*.json")
            .Select(p => Fixture.Load("layers", Path.GetFileName(p))["cell"].GetString()!).ToHashSet();
        Assert.Equal(CellKinds.All.Select(k => k.ToName()).Order(), cells.Order());
    }

    private static void Compare<T>(string file) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var f = Fixture.Load("layers", file);
        var kind = CellKinds.Parse(f["cell"].GetString()!);
        int steps = f["steps"].GetInt32(), batch = f["batch"].GetInt32();
        int[] lengths = f["lengths"].EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var options = new RecurrentOptions(kind, f["input_size"].GetInt32(), f["hidden_size"].GetInt32())
        {
            NumLayers = f["num_layers"].GetInt32(),
            Bidirectional = f["bidirectional"].GetBoolean(),
        };
        bool torch = f["source"].GetString()!.StartsWith("torch", StringComparison.Ordinal);
        // The reference is float32 when it comes from torch, float64 for the equation form.
        double tolerance = typeof(T) == typeof(double) && !torch ? Tolerances.Float64Reference : Tolerances.TorchFloat32;

        var store = new ParameterStore<T>();
        var net = new Stacked<T>(store, options);
        foreach (var slot in store.Slots) f.Get<T>(slot.Name).CopyTo(store.Value(slot));
        Assert.Equal(store.Slots.Count, store.Slots.Count(s => f.Has(s.Name)));

        var x = f.Get<T>("x");
        var h0 = f.Get<T>("h0");
        T[] c0 = net.HasCellState ? f.Get<T>("c0") : [];
        var y = new T[steps * batch * net.OutputSize];
        var hN = new T[h0.Length];
        var cN = new T[c0.Length];
        net.Forward(steps, batch, lengths, x, h0, c0, y, hN, cN);
        Close.RelativeNorm<T, double>(y, f.Get<double>("y"), tolerance, $"{file} y");
        Close.RelativeNorm<T, double>(hN, f.Get<double>("hn"), tolerance, $"{file} hn");
        if (net.HasCellState) Close.RelativeNorm<T, double>(cN, f.Get<double>("cn"), tolerance, $"{file} cn");

        store.ZeroGradients();
        var dx = new T[x.Length];
        var dh0 = new T[h0.Length];
        var dc0 = new T[c0.Length];
        net.Backward(x, f.Get<T>("dy"), f.Get<T>("dhn"), net.HasCellState ? f.Get<T>("dcn") : default, dx, dh0, dc0);
        Close.RelativeNorm<T, double>(dx, f.Get<double>("grad.x"), tolerance, $"{file} grad.x");
        Close.RelativeNorm<T, double>(dh0, f.Get<double>("grad.h0"), tolerance, $"{file} grad.h0");
        if (net.HasCellState) Close.RelativeNorm<T, double>(dc0, f.Get<double>("grad.c0"), tolerance, $"{file} grad.c0");
        foreach (var slot in store.Slots)
            Close.RelativeNorm<T, double>(store.Gradient(slot), f.Get<double>("grad." + slot.Name), tolerance, $"{file} grad.{slot.Name}");
    }
}
