using Recur.Kernels;

namespace Recur.Benchmarks.Workloads.Networks;

/// <summary>
/// W6 scaling: W1's training step for hidden ∈ {128, 256, 512, 1024} × seq ∈ {32, 64, 128, 256}, one result per point
/// (<c>W6-h{hidden}-s{seq}</c>) with the managed workspace the first step leaves per token. <see cref="LengthChecks"/>
/// tests that cost grows no faster than length: tokens/s at seq 256 ≥ <see cref="LengthThreshold"/> × tokens/s at seq 32.
/// </summary>
/// <remarks>
/// A point's median is over <see cref="Samples"/> samples after a warm-up of the first step (which also measures the workspace) and
/// further steps until <see cref="WarmSeconds"/> have passed; a sample averages as many steps as last
/// <see cref="MinSampleSeconds"/>, one step at the large points, which keeps the 16 points to about a minute and a half.
/// </remarks>
public sealed class W6ScalingWorkload : INetworkWorkload
{
    /// <summary>Hidden widths.</summary>
    public static readonly int[] HiddenSizes = [128, 256, 512, 1024];

    /// <summary>Sequence lengths.</summary>
    public static readonly int[] SequenceLengths = [32, 64, 128, 256];

    /// <summary>Smallest allowed ratio of tokens/s at the longest sequence to tokens/s at the shortest.</summary>
    public const double LengthThreshold = 0.95;

    /// <summary>Least warm-up time of a point, its first step included.</summary>
    public const double WarmSeconds = 0.3;

    /// <summary>Timed samples per point.</summary>
    public const int Samples = 5;

    /// <summary>Least duration of one timed sample.</summary>
    public const double MinSampleSeconds = 0.2;

    /// <inheritdoc/>
    public string Name => "W6";

    /// <summary>Result name of one point.</summary>
    public static string PointName(int hidden, int steps) => $"W6-h{hidden}-s{steps}";

    /// <inheritdoc/>
    public IEnumerable<NetworkMeasurement> Run(int threads, BenchOptions options)
    {
        if (!HiddenSizes.Any(h => SequenceLengths.Any(s => options.Includes(PointName(h, s))))) yield break;
        double peak = PeakWorkload.Gflops(threads);
        int saved = KernelThreads.Count;
        KernelThreads.Count = threads;
        try
        {
            foreach (int hidden in HiddenSizes)
                foreach (int steps in SequenceLengths)
                {
                    string name = PointName(hidden, steps);
                    if (!options.Includes(name)) continue;
                    var step = W1CharLmTrainWorkload.Create(hidden, steps);
                    var (workspace, first) = step.FirstStep();
                    var seconds = NetworkTiming.Seconds(step.Run, samples: Samples, minSampleSeconds: MinSampleSeconds, warmCalls: 0,
                        warmSeconds: WarmSeconds - first);
                    yield return NetworkMeasurement.FromCall(name, threads, step.TokensPerStep, step.FlopsPerStep, seconds, peak,
                        new("hidden", hidden), new("seq", steps), new("workspace_bytes_per_token", workspace));
                }
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    /// <summary>
    /// For every hidden width with both a seq-32 and a seq-256 point among <paramref name="points"/> (one system,
    /// one thread count): tokens/s at seq 256 over tokens/s at seq 32, from the points' fastest samples (what the check
    /// passes on) and from their medians. The two points are measured a minute apart, and on a shared machine
    /// interference from other work only ever adds time, in bursts that can cover every sample of one point: the
    /// fastest sample is the closest to the cost of the code itself, which is what the check is about.
    /// </summary>
    public static IEnumerable<(int Hidden, double Ratio, double MedianRatio)> LengthChecks(IEnumerable<NetworkMeasurement> points)
    {
        var list = points.ToList();
        foreach (int hidden in HiddenSizes)
        {
            var shortest = list.FirstOrDefault(m => m.Workload == PointName(hidden, SequenceLengths[0]));
            var longest = list.FirstOrDefault(m => m.Workload == PointName(hidden, SequenceLengths[^1]));
            if (shortest is null || longest is null) continue;
            yield return (hidden, longest.BestTokensPerSecond / shortest.BestTokensPerSecond,
                longest.TokensPerSecond / shortest.TokensPerSecond);
        }
    }
}
