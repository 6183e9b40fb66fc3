using Recur.Cells;
using Recur.Kernels;
using Recur.Layers;
using Recur.Training;

namespace Recur.Benchmarks.Workloads.Networks;

/// <summary>
/// W5 encode-seq: the forward pass of one LSTM layer, input 512, hidden 512, over seq 256 × batch 32, without
/// gradients (<see cref="Stacked{T}.Forward"/> with no dropout source). FLOPs = 2·seq·batch·4·hidden·(input+hidden).
/// </summary>
public sealed class W5EncodeSeqWorkload : INetworkWorkload
{
    /// <summary>Seed of the weights and inputs.</summary>
    public const ulong Seed = 5;

    private const int Input = 512, Hidden = 512, Steps = 256, Batch = 32;

    /// <inheritdoc/>
    public string Name => "W5";

    /// <inheritdoc/>
    public IEnumerable<NetworkMeasurement> Run(int threads, BenchOptions options)
    {
        if (!options.Includes(Name)) yield break;
        double peak = PeakWorkload.Gflops(threads);
        int saved = KernelThreads.Count;
        KernelThreads.Count = threads;
        try
        {
            var store = new ParameterStore<float>();
            var rnn = new Stacked<float>(store, new RecurrentOptions(CellKind.Lstm, Input, Hidden), "rnn.");
            var rng = new Rng(Seed);
            rnn.Reset(rng);
            var x = new float[Steps * Batch * Input];
            var y = new float[Steps * Batch * Hidden];
            for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextUniform(-1, 1);

            var seconds = NetworkTiming.Seconds(
                () => rnn.Forward(Steps, Batch, default, x, default, default, y, default, default), samples: 5, minSampleSeconds: 0.2);
            int tokens = Steps * Batch;
            yield return NetworkMeasurement.FromCall(Name, threads, tokens, tokens * NetworkFlops.Cell(4, Input, Hidden), seconds, peak);
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }
}
