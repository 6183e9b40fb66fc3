namespace Recur.Benchmarks.Workloads.Networks;

/// <summary>One result of a network workload, from Recur or from the PyTorch script.</summary>
/// <param name="Workload">Result name: <c>W1</c> … <c>W5</c>, or <c>W6-h{hidden}-s{seq}</c> for a point of W6.</param>
/// <param name="System"><c>recur</c> or <c>pytorch</c>.</param>
/// <param name="Threads">Threads used.</param>
/// <param name="TokensPerSecond">Tokens per second of the median sample (training: batch·seq per step).</param>
/// <param name="MicrosecondsPerToken">Median time per token; for W4 the median time of one generation step.</param>
/// <param name="Gflops">Rate in 10⁹ FLOP/s from the workload's FLOP count (<see cref="NetworkFlops"/>) and the median time.</param>
/// <param name="PeakFraction">Gflops over the measured FMA peak for the same thread count, or NaN.</param>
/// <param name="BestTokensPerSecond">Tokens per second of the fastest sample.</param>
/// <param name="Extras">Further figures by JSON key (allocation, working set, bytes per token, bandwidth, hidden, seq).</param>
public sealed record NetworkMeasurement(string Workload, string System, int Threads, double TokensPerSecond,
    double MicrosecondsPerToken, double Gflops, double PeakFraction, double BestTokensPerSecond,
    IReadOnlyList<KeyValuePair<string, double>> Extras)
{
    /// <summary>A Recur result from the time of one call that processes <paramref name="tokens"/> tokens.</summary>
    /// <param name="workload">Result name.</param>
    /// <param name="threads">Threads used.</param>
    /// <param name="tokens">Tokens per call.</param>
    /// <param name="flops">FLOPs per call.</param>
    /// <param name="seconds">Median and fastest time per call.</param>
    /// <param name="peakGflops">Measured FMA peak for <paramref name="threads"/>.</param>
    /// <param name="extras">Further figures.</param>
    public static NetworkMeasurement FromCall(string workload, int threads, int tokens, double flops,
        (double Median, double Best) seconds, double peakGflops, params KeyValuePair<string, double>[] extras)
    {
        double gflops = flops / seconds.Median / 1e9;
        return new NetworkMeasurement(workload, "recur", threads, tokens / seconds.Median, seconds.Median * 1e6 / tokens,
            gflops, gflops / peakGflops, tokens / seconds.Best, extras);
    }

    /// <summary>The extra figure named <paramref name="key"/>, or NaN.</summary>
    public double Extra(string key)
    {
        foreach (var (k, v) in Extras)
            if (k == key) return v;
        return double.NaN;
    }
}
