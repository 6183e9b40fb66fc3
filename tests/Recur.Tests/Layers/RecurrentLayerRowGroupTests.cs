using Recur.Cells;
using Recur.Kernels;
using Recur.Layers;
using Recur.Tests.Kernels;
using Recur.Tests.TestSupport;
using Recur.Training;

namespace Recur.Tests.Layers;

/// <summary>
/// With more than one kernel thread, a recurrent layer runs its batch as groups of rows, each group through every step
/// on its own thread. Every output, state and gradient must be bit-identical to the one-thread run, for every cell
/// form, both directions, with and without a recurrent dropout mask, with padded rows and the hidden-gradient capture.
/// </summary>
[Collection(KernelThreadsCollection.Name)]
public sealed class RecurrentLayerRowGroupTests
{
    private const int Steps = 6, Input = 5, Hidden = 12;

    public static TheoryData<CellKind, bool, bool, int, int> Cases()
    {
        var data = new TheoryData<CellKind, bool, bool, int, int>();
        foreach (var kind in CellKinds.All)
        {
            // 19 rows on 2 threads: groups of 9 and 10; 24 rows on 3 threads: three groups of 8.
            data.Add(kind, false, false, 19, 2);
            data.Add(kind, true, true, 19, 2);
            data.Add(kind, false, true, 24, 3);
            data.Add(kind, true, false, 24, 3);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardBackward_RowGroups_BitIdenticalToOneThread(CellKind kind, bool reverse, bool masked, int batch, int threads)
    {
        var serial = Run(kind, reverse, masked, batch, threads: 1);
        var grouped = Run(kind, reverse, masked, batch, threads);
        Assert.Equal(serial.Length, grouped.Length);
        for (int i = 0; i < serial.Length; i++)
        {
            Assert.True(serial[i].Length > 0, $"{kind}: result {i} is empty");
            Assert.True(serial[i].AsSpan().SequenceEqual(grouped[i]), $"{kind} reverse={reverse} masked={masked}: result {i} differs");
        }
    }

    [Fact]
    public void Forward_RowGroups_PaddedRowsKeepTheirStateAndOutputZeros()
    {
        // Rows of length 0 sit in both groups; their final state must be the initial one and every output zero.
        int saved = KernelThreads.Count;
        KernelThreads.Count = 2;
        try
        {
            const int batch = 16;
            var store = new ParameterStore<float>();
            var layer = new RecurrentLayer<float>(store, "rnn.", "_l0", CellKind.Lstm, Input, Hidden);
            var rng = new Rng(7);
            Fill.Uniform(rng, store.Values, -0.5, 0.5);
            var x = Fill.Uniform<float>(rng, Steps * batch * Input);
            var h0 = Fill.Uniform<float>(rng, batch * Hidden);
            var c0 = Fill.Uniform<float>(rng, batch * Hidden);
            var lengths = new int[batch];
            for (int b = 0; b < batch; b++) lengths[b] = b % 5 == 0 ? 0 : Steps;
            var y = new float[Steps * batch * Hidden];
            var hN = new float[batch * Hidden];
            var cN = new float[batch * Hidden];
            layer.Forward(Steps, batch, lengths, x, h0, c0, y, hN, cN, default);
            for (int b = 0; b < batch; b += 5)
            {
                Assert.True(hN.AsSpan(b * Hidden, Hidden).SequenceEqual(h0.AsSpan(b * Hidden, Hidden)), $"hN row {b}");
                Assert.True(cN.AsSpan(b * Hidden, Hidden).SequenceEqual(c0.AsSpan(b * Hidden, Hidden)), $"cN row {b}");
                for (int t = 0; t < Steps; t++)
                    Assert.All(y.AsSpan((t * batch + b) * Hidden, Hidden).ToArray(), v => Assert.Equal(0f, v));
            }
            Assert.Contains(hN.AsSpan(Hidden, Hidden).ToArray(), v => v != 0f);
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Forward_HalfPrecisionWeights_TwoThreadsBitIdenticalToOne(CellKind kind)
    {
        float[] Run(int threads)
        {
            int saved = KernelThreads.Count;
            KernelThreads.Count = threads;
            try
            {
                const int batch = 18;
                var store = new ParameterStore<float>();
                var layer = new RecurrentLayer<float>(store, "rnn.", "_l0", kind, Input, Hidden);
                var rng = new Rng(307 + (ulong)kind);
                Fill.Uniform(rng, store.Values, -0.5, 0.5);
                layer.SetHalfPrecisionWeights(true);
                var x = Fill.Uniform<float>(rng, Steps * batch * Input);
                var y = new float[Steps * batch * Hidden];
                layer.Forward(Steps, batch, default, x, default, default, y, default, default, default);
                return y;
            }
            finally
            {
                KernelThreads.Count = saved;
            }
        }
        var one = Run(1);
        Assert.Contains(one, v => v != 0f);
        Assert.True(one.AsSpan().SequenceEqual(Run(2)), $"{kind}: outputs differ");
    }

    public static TheoryData<CellKind> Kinds()
    {
        var data = new TheoryData<CellKind>();
        foreach (var kind in CellKinds.All) data.Add(kind);
        return data;
    }

    public static TheoryData<CellKind, DirectionMerge> StackCases()
    {
        var data = new TheoryData<CellKind, DirectionMerge>();
        foreach (var kind in CellKinds.All)
        {
            data.Add(kind, DirectionMerge.Concat);
            data.Add(kind, DirectionMerge.Sum);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(StackCases))]
    public void BidirectionalStack_WithDropout_TwoThreadsBitIdenticalToOne(CellKind kind, DirectionMerge merge)
    {
        // Two bidirectional layers (the forward direction writes the first half of each concatenated output row with a
        // stride), with dropout between layers and on the recurrent state, 17 rows in groups of 8 and 9.
        var serial = RunStack(kind, merge, threads: 1);
        var grouped = RunStack(kind, merge, threads: 2);
        for (int i = 0; i < serial.Length; i++)
            Assert.True(serial[i].AsSpan().SequenceEqual(grouped[i]), $"{kind} {merge}: result {i} differs");
    }

    private static float[][] RunStack(CellKind kind, DirectionMerge merge, int threads)
    {
        int saved = KernelThreads.Count;
        KernelThreads.Count = threads;
        try
        {
            const int batch = 17;
            var store = new ParameterStore<float>();
            var stack = new Stacked<float>(store, new RecurrentOptions(kind, Input, Hidden)
            {
                NumLayers = 2, Bidirectional = true, Merge = merge, Dropout = 0.3, RecurrentDropout = 0.2,
            }, "rnn.");
            var rng = new Rng(211 + (ulong)kind);
            Fill.Uniform(rng, store.Values, -0.5, 0.5);
            int rows = Steps * batch;
            var x = Fill.Uniform<float>(rng, rows * Input);
            var lengths = new int[batch];
            for (int b = 0; b < batch; b++) lengths[b] = 1 + (b * 3) % Steps;
            var y = new float[rows * stack.OutputSize];
            stack.Forward(Steps, batch, lengths, x, default, default, y, default, default, new Rng(5));
            var dy = Fill.Uniform<float>(rng, y.Length);
            var dx = new float[x.Length];
            store.ZeroGradients();
            stack.Backward(x, dy, default, default, dx, default, default);
            return [y, dx, store.Gradients.ToArray()];
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    // Forward and backward once; returns y, hN, cN, dx, dh0, dc0, the hidden-gradient capture and every parameter gradient.
    private static float[][] Run(CellKind kind, bool reverse, bool masked, int batch, int threads)
    {
        int saved = KernelThreads.Count;
        KernelThreads.Count = threads;
        try
        {
            var store = new ParameterStore<float>();
            var layer = new RecurrentLayer<float>(store, "rnn.", "_l0", kind, Input, Hidden, reverse);
            var rng = new Rng(101 + (ulong)kind);
            Fill.Uniform(rng, store.Values, -0.5, 0.5);
            int bh = batch * Hidden, rows = Steps * batch;
            var x = Fill.Uniform<float>(rng, rows * Input);
            var h0 = Fill.Uniform<float>(rng, bh, -0.5, 0.5);
            var c0 = layer.HasCellState ? Fill.Uniform<float>(rng, bh, -0.5, 0.5) : [];
            var lengths = new int[batch];
            for (int b = 0; b < batch; b++) lengths[b] = b % 7 == 3 ? 0 : 1 + (b * 5) % Steps;
            float[] mask = [];
            if (masked)
            {
                mask = new float[bh];
                for (int i = 0; i < bh; i++) mask[i] = rng.NextUniform(0, 1) < 0.3 ? 0f : 1f / 0.7f;
            }
            var dy = Fill.Uniform<float>(rng, rows * Hidden);
            var dhN = Fill.Uniform<float>(rng, bh);
            var dcN = layer.HasCellState ? Fill.Uniform<float>(rng, bh) : [];

            var y = new float[rows * Hidden];
            var hN = new float[bh];
            var cN = layer.HasCellState ? new float[bh] : [];
            layer.HiddenGradientCapture = new float[rows * Hidden];
            layer.Forward(Steps, batch, lengths, x, h0, c0, y, hN, cN, mask);
            var dx = new float[rows * Input];
            var dh0 = new float[bh];
            var dc0 = layer.HasCellState ? new float[bh] : [];
            store.ZeroGradients();
            layer.Backward(x, dy, dhN, dcN, dx, dh0, dc0);

            var results = new List<float[]> { y, hN, dx, dh0, layer.HiddenGradientCapture };
            if (layer.HasCellState) results.AddRange([cN, dc0]);
            results.Add(store.Gradients.ToArray());
            return [.. results];
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }
}
