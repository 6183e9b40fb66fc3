using Recur.Cells;
using Recur.Kernels;
using Recur.Models;
using Recur.Training;

namespace Recur.Benchmarks.Workloads.Networks;

/// <summary>
/// W4 sample-step: generation latency of one token with batch 1, vocabulary 96, embedding 64, 2-layer LSTM 512:
/// embed → 2 cells → linear → softmax → draw, through <see cref="LanguageModel{T}.Forward"/> with the state carried
/// and <see cref="TokenSampler.Draw{T}"/>. The figure is the median of 2000 single steps. Also reports the bytes of
/// weights one token reads (every recurrent and decoder parameter, one embedding row) and the bandwidth that implies.
/// </summary>
public sealed class W4SampleStepWorkload : INetworkWorkload
{
    /// <summary>Seed of the weights and of the draws.</summary>
    public const ulong Seed = 4;

    /// <summary>Timed steps.</summary>
    public const int TimedSteps = 2000;

    private const int Vocabulary = 96, EmbeddingSize = 64, Hidden = 512, Layers = 2;

    /// <inheritdoc/>
    public string Name => "W4";

    /// <inheritdoc/>
    public IEnumerable<NetworkMeasurement> Run(int threads, BenchOptions options)
    {
        if (!options.Includes(Name)) yield break;
        double peak = PeakWorkload.Gflops(threads);
        int saved = KernelThreads.Count;
        KernelThreads.Count = threads;
        try
        {
            var model = new LanguageModel<float>(new LanguageModelOptions(Vocabulary)
            {
                Cell = CellKind.Lstm, EmbeddingSize = EmbeddingSize, HiddenSize = Hidden, NumLayers = Layers,
            });
            model.Reset(new Rng(Seed));
            model.ResetState(1);
            var sampler = new TokenSampler(new SamplingOptions());
            var rng = new Rng(Seed + 1);
            int[] token = [0];
            void Step()
            {
                model.Forward(1, 1, token, default, default, carryState: true, dropoutRng: null);
                token[0] = sampler.Draw(model.Logits, rng);
            }

            var seconds = NetworkTiming.EachCall(Step, TimedSteps, warmCalls: 200);
            double flops = NetworkFlops.LstmLanguageModel(Vocabulary, EmbeddingSize, Hidden, Layers);
            double weightBytes = sizeof(float) * (model.Store.Count - (Vocabulary - 1) * EmbeddingSize);
            yield return NetworkMeasurement.FromCall(Name, threads, 1, flops, seconds, peak,
                new("weight_bytes_per_token", weightBytes),
                new("bandwidth_gb_per_s", weightBytes / seconds.Median / 1e9));
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }
}
