using Recur.Kernels;
using Recur.Training;

namespace Recur.Benchmarks.Workloads.Networks;

/// <summary>
/// W2 ptb-small-train: one training step of a word language model, vocabulary 10000, embedding 200, 2-layer LSTM 200,
/// linear 200→10000, mean cross-entropy, seq 20, batch 20, SGD lr 1, global-norm clip 5.
/// </summary>
public sealed class W2PtbSmallTrainWorkload : INetworkWorkload
{
    /// <summary>Seed of the weights and token ids.</summary>
    public const ulong Seed = 2;

    /// <inheritdoc/>
    public string Name => "W2";

    /// <inheritdoc/>
    public IEnumerable<NetworkMeasurement> Run(int threads, BenchOptions options)
    {
        if (!options.Includes(Name)) yield break;
        double peak = PeakWorkload.Gflops(threads);
        int saved = KernelThreads.Count;
        KernelThreads.Count = threads;
        try
        {
            var step = new LanguageModelStep(vocabulary: 10000, embedding: 200, hidden: 200, layers: 2, steps: 20, batch: 20,
                new TrainOptions { Optimizer = "sgd", LearningRate = 1.0, ClipNorm = 5.0 }, Seed);
            double workspace = step.FirstStep().WorkspaceBytesPerToken;
            var seconds = NetworkTiming.Seconds(step.Run, samples: 7, minSampleSeconds: 0.2);
            yield return NetworkMeasurement.FromCall(Name, threads, step.TokensPerStep, step.FlopsPerStep, seconds, peak,
                new KeyValuePair<string, double>("workspace_bytes_per_token", workspace));
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }
}
