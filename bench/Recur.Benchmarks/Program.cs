using Recur.Benchmarks;
using Recur.Benchmarks.Workloads;

// Usage: dotnet run -c Release --project bench/Recur.Benchmarks -- [--workload NAME|all] [--threads N] [--json] [--filter TEXT]
IWorkload[] workloads = [new PeakWorkload(), new GemmWorkload()];

BenchOptions options;
try
{
    options = BenchOptions.Parse(args, workloads.Select(w => w.Name));
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage(workloads.Select(w => w.Name)));
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
return 0;
