namespace Recur.Benchmarks.Workloads.Networks;

/// <summary>
/// One of the workloads W1–W6 of <c>shared/bench/WORKLOADS.md</c>: a whole network step (training or inference),
/// measured in tokens per second.
/// </summary>
public interface INetworkWorkload
{
    /// <summary>Name used by <c>--workload</c> and in results: <c>W1</c> … <c>W6</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Runs the workload with <paramref name="threads"/> kernel threads and yields its measurements, skipping
    /// those that <see cref="BenchOptions.Includes"/> rejects.
    /// </summary>
    /// <param name="threads">Value of <see cref="Kernels.KernelThreads.Count"/> during the run; restored afterwards.</param>
    /// <param name="options">The harness options.</param>
    IEnumerable<NetworkMeasurement> Run(int threads, BenchOptions options);
}
