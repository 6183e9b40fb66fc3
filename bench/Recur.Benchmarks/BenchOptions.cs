namespace Recur.Benchmarks;

/// <summary>Command-line options of the benchmark harness.</summary>
/// <param name="Workload">Workload name, or <c>all</c>.</param>
/// <param name="Threads">Thread counts to run each workload with.</param>
/// <param name="Json">Write one JSON object per line instead of a table.</param>
/// <param name="Filter">Run only measurements whose name contains this text; empty runs all.</param>
public sealed record BenchOptions(string Workload, IReadOnlyList<int> Threads, bool Json, string Filter)
{
    /// <summary>Also run bench/pytorch/workloads.py for the network workloads (W1–W6) and print Recur/PyTorch ratios.</summary>
    public bool Compare { get; init; }

    /// <summary>Whether a measurement named <paramref name="name"/> passes <see cref="Filter"/>.</summary>
    public bool Includes(string name) => name.Contains(Filter, StringComparison.Ordinal);

    /// <summary>
    /// Parses <c>--workload NAME|all</c>, <c>--threads N[,N…]</c>, <c>--json</c>, <c>--filter TEXT</c> and <c>--compare</c>.
    /// </summary>
    /// <remarks>Without <c>--threads</c>, runs 1 thread and then every core.</remarks>
    /// <exception cref="ArgumentException">An option is unknown, lacks its value, or names no workload.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args, IEnumerable<string> workloads)
    {
        string workload = "all";
        int[]? threads = null;
        bool json = false, compare = false;
        string filter = "";
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--workload":
                    workload = Value(args, ref i);
                    if (workload != "all" && !workloads.Contains(workload))
                        throw new ArgumentException($"Unknown workload '{workload}'.", nameof(args));
                    break;
                case "--threads":
                    string text = Value(args, ref i);
                    string[] counts = text.Split(',');
                    threads = new int[counts.Length];
                    for (int c = 0; c < counts.Length; c++)
                        if (!int.TryParse(counts[c], out threads[c]) || threads[c] < 1)
                            throw new ArgumentException($"--threads needs positive integers separated by commas, not '{text}'.", nameof(args));
                    break;
                case "--filter":
                    filter = Value(args, ref i);
                    break;
                case "--json":
                    json = true;
                    break;
                case "--compare":
                    compare = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'.", nameof(args));
            }
        }
        threads ??= Environment.ProcessorCount > 1 ? [1, Environment.ProcessorCount] : [1];
        return new BenchOptions(workload, threads, json, filter) { Compare = compare };
    }

    /// <summary>One-line usage text listing the workloads.</summary>
    public static string Usage(IEnumerable<string> workloads)
        => $"usage: Recur.Benchmarks [--workload {string.Join('|', workloads)}|all] [--threads N[,N…]] [--json] [--filter TEXT] [--compare]";

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count) throw new ArgumentException($"{args[i]} needs a value.", nameof(args));
        return args[++i];
    }
}
