namespace Recur.Benchmarks;

/// <summary>A named benchmark that reports one or more measurements for a thread count.</summary>
public interface IWorkload
{
    /// <summary>Name used by <c>--workload</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Runs the workload with <paramref name="threads"/> threads and yields its measurements,
    /// skipping those that <see cref="BenchOptions.Includes"/> rejects.
    /// </summary>
    IEnumerable<Measurement> Run(int threads, BenchOptions options);
}
