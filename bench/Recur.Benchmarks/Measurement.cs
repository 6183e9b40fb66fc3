namespace Recur.Benchmarks;

/// <summary>One benchmark result.</summary>
/// <param name="Workload">Result name, such as <c>gemm-nn-1024</c>.</param>
/// <param name="Threads">Threads used.</param>
/// <param name="Gflops">Median rate in 10⁹ floating-point operations per second (an FMA counts as 2).</param>
/// <param name="PeakFraction">Gflops over the measured FMA peak for the same thread count, or NaN.</param>
/// <param name="Milliseconds">Median time of one call.</param>
/// <param name="BestGflops">Rate of the fastest sample; on a shared machine other processes only slow samples down.</param>
public sealed record Measurement(string Workload, int Threads, double Gflops, double PeakFraction, double Milliseconds,
    double BestGflops);
