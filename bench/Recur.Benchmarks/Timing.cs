using System.Diagnostics;

namespace Recur.Benchmarks;

/// <summary>Wall time of an action, after warm-up.</summary>
public static class Timing
{
    /// <summary>
    /// Runs <paramref name="action"/> until warm (at least 3 calls and 0.1 s), then takes <paramref name="samples"/>
    /// samples, each averaging enough calls to last at least <paramref name="minSampleSeconds"/>.
    /// </summary>
    /// <returns>Median and fastest sample, in seconds per call.</returns>
    public static (double Median, double Best) Seconds(Action action, int samples = 7, double minSampleSeconds = 0.05)
    {
        var watch = Stopwatch.StartNew();
        int warm = 0;
        while (warm < 3 || watch.Elapsed.TotalSeconds < 0.1)
        {
            action();
            warm++;
        }
        double perCall = watch.Elapsed.TotalSeconds / warm;
        int calls = Math.Max(1, (int)Math.Ceiling(minSampleSeconds / Math.Max(perCall, 1e-9)));

        var times = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++) action();
            times[s] = Stopwatch.GetElapsedTime(start).TotalSeconds / calls;
        }
        Array.Sort(times);
        return (times[samples / 2], times[0]);
    }
}
