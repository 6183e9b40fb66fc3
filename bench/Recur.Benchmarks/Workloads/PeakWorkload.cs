using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Benchmarks.Workloads;

/// <summary>
/// The machine's FP32 FMA peak: each thread runs 12 independent chains of vector FMAs for about 0.5 s.
/// Twelve chains exceed FMA latency × issue width on current cores, so the loop is throughput bound.
/// The best of three trials is kept, since other processes can only slow a trial down.
/// Uses the widest accelerated vector (512, then 256 bits); the GEMM workload divides by this number.
/// </summary>
public sealed class PeakWorkload : IWorkload
{
    private const double Seconds = 0.5;
    private const long ItersPerCall = 1 << 18;
    private const int Chains = 12;
    private const int Trials = 3;

    private static readonly Dictionary<int, double> s_peaks = [];

    /// <inheritdoc/>
    public string Name => "peak";

    /// <summary>Vector width the peak loop uses, in bits.</summary>
    public static int VectorBits => Vector512.IsHardwareAccelerated ? 512 : 256;

    /// <inheritdoc/>
    public IEnumerable<Measurement> Run(int threads, BenchOptions options)
    {
        string name = $"peak-fp32-v{VectorBits}";
        if (!options.Includes(name)) yield break;
        double gflops = Gflops(threads);
        yield return new Measurement(name, threads, gflops, 1.0, double.NaN, gflops);
    }

    /// <summary>Measured FP32 FMA peak in GFLOP/s for a thread count; measured once per process.</summary>
    public static double Gflops(int threads)
    {
        lock (s_peaks)
        {
            if (!s_peaks.TryGetValue(threads, out double gflops))
            {
                for (int trial = 0; trial < Trials; trial++) gflops = Math.Max(gflops, Measure(threads));
                s_peaks[threads] = gflops;
            }
            return gflops;
        }
    }

    private static double Measure(int threads)
    {
        // Warm the loop to its final code before timing.
        Chain(ItersPerCall);
        var rates = new double[threads];
        using var start = new Barrier(threads);
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            workers[t] = new Thread(() =>
            {
                start.SignalAndWait();
                long calls = 0;
                long begin = Stopwatch.GetTimestamp();
                double elapsed;
                do
                {
                    Chain(ItersPerCall);
                    calls++;
                    elapsed = Stopwatch.GetElapsedTime(begin).TotalSeconds;
                } while (elapsed < Seconds);
                double flops = (double)calls * ItersPerCall * Chains * 2 * (VectorBits / 32);
                rates[index] = flops / elapsed / 1e9;
            });
            workers[t].Start();
        }
        foreach (Thread worker in workers) worker.Join();
        return rates.Sum();
    }

    private static float Chain(long iterations)
        => Vector512.IsHardwareAccelerated ? Chain512(iterations) : Chain256(iterations);

    // x ← x·m + d converges to d / (1 − m) = 1, so values stay normal however long it runs.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chain512(long iterations)
    {
        Vector512<float> m = Vector512.Create(0.9999999f), d = Vector512.Create(1e-7f);
        Vector512<float> x0 = Vector512.Create(1.00f), x1 = Vector512.Create(1.01f), x2 = Vector512.Create(1.02f);
        Vector512<float> x3 = Vector512.Create(1.03f), x4 = Vector512.Create(1.04f), x5 = Vector512.Create(1.05f);
        Vector512<float> x6 = Vector512.Create(1.06f), x7 = Vector512.Create(1.07f), x8 = Vector512.Create(1.08f);
        Vector512<float> x9 = Vector512.Create(1.09f), x10 = Vector512.Create(1.10f), x11 = Vector512.Create(1.11f);
        for (long i = 0; i < iterations; i++)
        {
            x0 = Vector512.FusedMultiplyAdd(x0, m, d);
            x1 = Vector512.FusedMultiplyAdd(x1, m, d);
            x2 = Vector512.FusedMultiplyAdd(x2, m, d);
            x3 = Vector512.FusedMultiplyAdd(x3, m, d);
            x4 = Vector512.FusedMultiplyAdd(x4, m, d);
            x5 = Vector512.FusedMultiplyAdd(x5, m, d);
            x6 = Vector512.FusedMultiplyAdd(x6, m, d);
            x7 = Vector512.FusedMultiplyAdd(x7, m, d);
            x8 = Vector512.FusedMultiplyAdd(x8, m, d);
            x9 = Vector512.FusedMultiplyAdd(x9, m, d);
            x10 = Vector512.FusedMultiplyAdd(x10, m, d);
            x11 = Vector512.FusedMultiplyAdd(x11, m, d);
        }
        return Vector512.Sum(x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chain256(long iterations)
    {
        Vector256<float> m = Vector256.Create(0.9999999f), d = Vector256.Create(1e-7f);
        Vector256<float> x0 = Vector256.Create(1.00f), x1 = Vector256.Create(1.01f), x2 = Vector256.Create(1.02f);
        Vector256<float> x3 = Vector256.Create(1.03f), x4 = Vector256.Create(1.04f), x5 = Vector256.Create(1.05f);
        Vector256<float> x6 = Vector256.Create(1.06f), x7 = Vector256.Create(1.07f), x8 = Vector256.Create(1.08f);
        Vector256<float> x9 = Vector256.Create(1.09f), x10 = Vector256.Create(1.10f), x11 = Vector256.Create(1.11f);
        for (long i = 0; i < iterations; i++)
        {
            x0 = Vector256.FusedMultiplyAdd(x0, m, d);
            x1 = Vector256.FusedMultiplyAdd(x1, m, d);
            x2 = Vector256.FusedMultiplyAdd(x2, m, d);
            x3 = Vector256.FusedMultiplyAdd(x3, m, d);
            x4 = Vector256.FusedMultiplyAdd(x4, m, d);
            x5 = Vector256.FusedMultiplyAdd(x5, m, d);
            x6 = Vector256.FusedMultiplyAdd(x6, m, d);
            x7 = Vector256.FusedMultiplyAdd(x7, m, d);
            x8 = Vector256.FusedMultiplyAdd(x8, m, d);
            x9 = Vector256.FusedMultiplyAdd(x9, m, d);
            x10 = Vector256.FusedMultiplyAdd(x10, m, d);
            x11 = Vector256.FusedMultiplyAdd(x11, m, d);
        }
        return Vector256.Sum(x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11);
    }
}
