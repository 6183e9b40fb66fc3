using System.Diagnostics;

namespace Recur.Benchmarks.Workloads.Networks;

/// <summary>
/// Timing of whole network steps. bench/pytorch/workloads.py times its steps the same way, so that both systems'
/// medians are taken over the same kind of samples.
/// </summary>
public static class NetworkTiming
{
    /// <summary>
    /// Runs <paramref name="step"/> until warm (at least <paramref name="warmCalls"/> calls and <paramref name="warmSeconds"/>),
    /// then takes <paramref name="samples"/> samples, each averaging enough calls to last at least <paramref name="minSampleSeconds"/>.
    /// </summary>
    /// <returns>Median and fastest sample, in seconds per call.</returns>
    public static (double Median, double Best) Seconds(Action step, int samples, double minSampleSeconds,
        int warmCalls = 3, double warmSeconds = 0.5)
    {
        var watch = Stopwatch.StartNew();
        int warm = 0;
        while (warm < warmCalls || watch.Elapsed.TotalSeconds < warmSeconds)
        {
            step();
            warm++;
        }
        // Without warm-up calls to estimate from (warmCalls 0), every sample is one call.
        double perCall = warm == 0 ? double.PositiveInfinity : watch.Elapsed.TotalSeconds / warm;
        int calls = Math.Max(1, (int)Math.Ceiling(minSampleSeconds / Math.Max(perCall, 1e-9)));

        var times = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++) step();
            times[s] = Stopwatch.GetElapsedTime(start).TotalSeconds / calls;
        }
        return MedianAndBest(times);
    }

    /// <summary>
    /// Times <paramref name="count"/> single calls after <paramref name="warmCalls"/> untimed ones (and at least
    /// <paramref name="warmSeconds"/>): for latency, where every call counts on its own.
    /// </summary>
    /// <returns>Median and fastest call, in seconds.</returns>
    public static (double Median, double Best) EachCall(Action step, int count, int warmCalls, double warmSeconds = 0.5)
    {
        var watch = Stopwatch.StartNew();
        int warm = 0;
        while (warm < warmCalls || watch.Elapsed.TotalSeconds < warmSeconds)
        {
            step();
            warm++;
        }
        var times = new double[count];
        for (int i = 0; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            step();
            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return MedianAndBest(times);
    }

    // The upper median for an even count, as bench/pytorch/workloads.py.
    private static (double Median, double Best) MedianAndBest(double[] times)
    {
        Array.Sort(times);
        return (times[times.Length / 2], times[0]);
    }
}
