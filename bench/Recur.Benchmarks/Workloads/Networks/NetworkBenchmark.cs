namespace Recur.Benchmarks.Workloads.Networks;

/// <summary>
/// Runs the selected network workloads for every thread count and, with <c>--compare</c>, the same workloads in
/// PyTorch right after each thread count, then prints the comparison.
/// </summary>
public static class NetworkBenchmark
{
    /// <summary>W1 … W6, in order.</summary>
    public static INetworkWorkload[] CreateAll() =>
    [
        new W1CharLmTrainWorkload(), new W2PtbSmallTrainWorkload(), new W3TaggerTrainWorkload(),
        new W4SampleStepWorkload(), new W5EncodeSeqWorkload(), new W6ScalingWorkload(),
    ];

    /// <summary>Runs the workloads that <see cref="BenchOptions.Workload"/> selects.</summary>
    /// <returns>The process exit code: 0, or 1 when the PyTorch script itself failed.</returns>
    public static int Run(IReadOnlyList<INetworkWorkload> workloads, BenchOptions options)
    {
        var selected = workloads.Where(w => options.Workload == "all" || options.Workload == w.Name).ToList();
        if (selected.Count == 0) return 0;

        var reporter = new NetworkReporter(options.Json);
        PyTorchRunner? pytorch = null;
        if (options.Compare)
        {
            pytorch = PyTorchRunner.Find(out string problem);
            if (pytorch is null) Console.Error.WriteLine(problem);
        }

        var recurResults = new List<NetworkMeasurement>();
        var pytorchResults = new List<NetworkMeasurement>();
        var setups = new List<string>();
        int exitCode = 0;
        foreach (int threads in options.Threads)
        {
            var these = new List<NetworkMeasurement>();
            foreach (var workload in selected)
                foreach (var m in workload.Run(threads, options))
                {
                    reporter.Write(m);
                    these.Add(m);
                }
            reporter.WriteLengthChecks("recur", threads, these);
            recurResults.AddRange(these);

            if (pytorch is null) continue;
            var results = pytorch.Run(selected.Select(w => w.Name), threads, PeakWorkload.Gflops(threads), options.Filter,
                out string failure, out bool unavailable);
            if (results is null)
            {
                Console.Error.WriteLine(failure);
                if (!unavailable) exitCode = 1;
                pytorch = null;
                continue;
            }
            setups.Add(pytorch.Setup);
            foreach (var m in results) reporter.Write(m);
            reporter.WriteLengthChecks("pytorch", threads, results);
            pytorchResults.AddRange(results);
        }

        if (pytorchResults.Count > 0) reporter.WriteComparison(recurResults, pytorchResults, setups);
        return exitCode;
    }
}
