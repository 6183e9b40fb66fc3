using System.Globalization;

namespace Recur.Benchmarks;

/// <summary>Prints measurements as an aligned table, or as one JSON object per line.</summary>
public sealed class Reporter(bool json)
{
    private bool _headerWritten;

    /// <summary>Writes one measurement as soon as it is known.</summary>
    public void Write(Measurement m)
    {
        if (json)
        {
            string fraction = double.IsNaN(m.PeakFraction) ? "null" : Number(m.PeakFraction, "F4");
            Console.WriteLine(
                $"{{\"workload\":\"{m.Workload}\",\"threads\":{m.Threads},\"gflops\":{Number(m.Gflops, "F2")}," +
                $"\"peak_fraction\":{fraction},\"ms\":{Number(m.Milliseconds, "F4")},\"best_gflops\":{Number(m.BestGflops, "F2")}}}");
            return;
        }

        if (!_headerWritten)
        {
            Console.WriteLine($"{"workload",-26} {"threads",7} {"GFLOP/s",10} {"of peak",8} {"ms/call",10} {"best",8}");
            _headerWritten = true;
        }
        string percent = double.IsNaN(m.PeakFraction) ? "" : Number(100 * m.PeakFraction, "F1") + "%";
        Console.WriteLine($"{m.Workload,-26} {m.Threads,7} {Number(m.Gflops, "F1"),10} {percent,8} {Number(m.Milliseconds, "F3"),10} {Number(m.BestGflops, "F1"),8}");
    }

    /// <summary>Flushes standard output.</summary>
    public void Flush() => Console.Out.Flush();

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
