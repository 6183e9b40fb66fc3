using Recur.Benchmarks;
using Recur.Benchmarks.Workloads;
using Recur.Benchmarks.Workloads.Networks;

// Usage: dotnet run -c Release --project bench/Recur.Benchmarks -- [--workload NAME|all] [--threads N[,N…]] [--json] [--filter TEXT] [--compare]
IWorkload[] workloads = [new PeakWorkload(), new GemmWorkload()];
INetworkWorkload[] networks = NetworkBenchmark.CreateAll();
string[] names = [.. workloads.Select(w => w.Name), .. networks.Select(w => w.Name)];

BenchOptions options;
try
{
    options = BenchOptions.Parse(args, names);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage(names));
    return 2;
}

var reporter = new Reporter(options.Json);
foreach (IWorkload workload in workloads)
{
    if (options.Workload != "all" && options.Workload != workload.Name) continue;
    foreach (int threads in options.Threads)
        foreach (Measurement measurement in workload.Run(threads, options))
            reporter.Write(measurement);
}
reporter.Flush();
return NetworkBenchmark.Run(networks, options);
