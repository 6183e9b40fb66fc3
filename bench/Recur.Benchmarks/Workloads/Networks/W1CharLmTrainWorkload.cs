using Recur.Kernels;
using Recur.Training;

namespace Recur.Benchmarks.Workloads.Networks;

/// <summary>
/// W1 char-lm-train: one training step (forward, BPTT backward, global-norm clip 5, Adam 2e-3) of a character language
/// model, vocabulary 96, embedding 64, 2-layer LSTM 256, linear 256→96, mean cross-entropy, seq 64, batch 32, through
/// <see cref="LanguageModelTrainer{T}.TrainStep"/>. Also reports the bytes one steady-state step allocates, the
/// workspace the first step leaves, and the peak working set while W1 runs.
/// </summary>
public sealed class W1CharLmTrainWorkload : INetworkWorkload
{
    /// <summary>Seed of the weights and token ids.</summary>
    public const ulong Seed = 1;

    /// <inheritdoc/>
    public string Name => "W1";

    /// <summary>W1's step with hidden width <paramref name="hidden"/> and sequence length <paramref name="steps"/> (W6 varies both).</summary>
    public static LanguageModelStep Create(int hidden, int steps) =>
        new(vocabulary: 96, embedding: 64, hidden, layers: 2, steps, batch: 32,
            new TrainOptions { Optimizer = "adam", LearningRate = 2e-3, ClipNorm = 5.0 }, Seed);

    /// <inheritdoc/>
    public IEnumerable<NetworkMeasurement> Run(int threads, BenchOptions options)
    {
        if (!options.Includes(Name)) yield break;
        double peak = PeakWorkload.Gflops(threads);
        int saved = KernelThreads.Count;
        KernelThreads.Count = threads;
        try
        {
            MemoryProbe.ResetPeak();
            var step = Create(hidden: 256, steps: 64);
            double workspace = step.FirstStep().WorkspaceBytesPerToken;
            var seconds = NetworkTiming.Seconds(step.Run, samples: 7, minSampleSeconds: 0.2);

            // After warm-up: what one more step allocates, on this thread and on all threads.
            long thread = GC.GetAllocatedBytesForCurrentThread();
            long all = GC.GetTotalAllocatedBytes(precise: true);
            step.Run();
            thread = GC.GetAllocatedBytesForCurrentThread() - thread;
            all = GC.GetTotalAllocatedBytes(precise: true) - all;

            yield return NetworkMeasurement.FromCall(Name, threads, step.TokensPerStep, step.FlopsPerStep, seconds, peak,
                new("alloc_bytes_per_step", thread),
                new("alloc_bytes_per_step_all_threads", all),
                new("peak_working_set_bytes", MemoryProbe.PeakWorkingSetBytes()),
                new("workspace_bytes_per_token", workspace));
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }
}
