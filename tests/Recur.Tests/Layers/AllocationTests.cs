using Recur.Cells;
using Recur.Layers;
using Recur.Training;

namespace Recur.Tests.Layers;

/// <summary>A warmed-up forward and backward pass allocates nothing: workspaces are reused.</summary>
public sealed class AllocationTests
{
    [Theory]
    [InlineData(CellKind.Lstm, true)]
    [InlineData(CellKind.LstmPeephole, false)]
    [InlineData(CellKind.GruResetAfter, true)]
    [InlineData(CellKind.Gru, false)]
    [InlineData(CellKind.GruSimple, false)]
    [InlineData(CellKind.RnnRelu, true)]
    public void ForwardBackward_SecondPass_AllocatesNothing(CellKind kind, bool bidirectional)
    {
        int steps = 6, batch = 4, input = 5, hidden = 8;
        var store = new ParameterStore<float>();
        var net = new Stacked<float>(store, new RecurrentOptions(kind, input, hidden)
        {
            NumLayers = 2, Bidirectional = bidirectional, Dropout = 0.2, RecurrentDropout = 0.2,
        });
        var rng = new Rng(5);
        net.Reset(rng);
        var x = new float[steps * batch * input];
        var y = new float[steps * batch * net.OutputSize];
        var dy = new float[y.Length];
        var dx = new float[x.Length];
        int[] lengths = [6, 3, 5, 1];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextUniform(-1, 1);
        for (int i = 0; i < dy.Length; i++) dy[i] = (float)rng.NextUniform(-1, 1);

        void Pass()
        {
            net.Forward(steps, batch, lengths, x, default, default, y, default, default, rng);
            store.ZeroGradients();
            net.Backward(x, dy, default, default, dx, default, default);
        }

        Pass();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Pass();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
