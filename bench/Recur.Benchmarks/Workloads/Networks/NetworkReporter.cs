using System.Globalization;
using System.Text;

namespace Recur.Benchmarks.Workloads.Networks;

/// <summary>
/// Prints network results as an aligned table or as JSON lines
/// (<c>{"workload":"W1","system":"recur","threads":2,"tokens_per_s":…,"us_per_token":…,"gflops":…,"peak_fraction":…,…}</c>),
/// the W6 length checks, and the Recur/PyTorch comparison. In JSON mode standard output carries only JSON lines;
/// notes go to standard error.
/// </summary>
public sealed class NetworkReporter(bool json)
{
    /// <summary>How GFLOP/s figures are counted, printed once above the first table.</summary>
    public const string FlopsNote =
        "GFLOP/s: training (W1, W2, W3, W6) counts 3 × the forward FLOPs of the recurrent layers (2·G·H·(D+H) per token, " +
        "G = 4 LSTM, 3 GRU, per direction) and the decoder (2·H·V); W4 and W5 count forward FLOPs only. " +
        "'of peak' divides by the measured FMA peak for the same thread count.";

    private bool _headerWritten;

    /// <summary>Writes one result as soon as it is known.</summary>
    public void Write(NetworkMeasurement m)
    {
        if (json)
        {
            var line = new StringBuilder();
            line.Append($"{{\"workload\":\"{m.Workload}\",\"system\":\"{m.System}\",\"threads\":{m.Threads}");
            line.Append($",\"tokens_per_s\":{Json(m.TokensPerSecond, "F1")},\"us_per_token\":{Json(m.MicrosecondsPerToken, "F3")}");
            line.Append($",\"gflops\":{Json(m.Gflops, "F2")},\"peak_fraction\":{Json(m.PeakFraction, "F4")}");
            line.Append($",\"best_tokens_per_s\":{Json(m.BestTokensPerSecond, "F1")}");
            foreach (var (key, value) in m.Extras)
                line.Append($",\"{key}\":{Json(value, value == Math.Floor(value) && Math.Abs(value) < 1e15 ? "F0" : Math.Abs(value) < 1e-3 ? "E3" : "F4")}");
            line.Append('}');
            Console.WriteLine(line);
            return;
        }

        if (!_headerWritten)
        {
            Console.WriteLine(FlopsNote);
            Console.WriteLine($"{"workload",-14} {"system",-8} {"threads",7} {"tokens/s",11} {"µs/token",10} {"GFLOP/s",8} {"of peak",8} {"best tok/s",11}  notes");
            _headerWritten = true;
        }
        string percent = double.IsNaN(m.PeakFraction) ? "" : Text(100 * m.PeakFraction, "F1") + "%";
        Console.WriteLine($"{m.Workload,-14} {m.System,-8} {m.Threads,7} {Text(m.TokensPerSecond, "N0"),11} " +
            $"{Text(m.MicrosecondsPerToken, "F2"),10} {Text(m.Gflops, "F1"),8} {percent,8} {Text(m.BestTokensPerSecond, "N0"),11}  {Notes(m)}");
    }

    /// <summary>Writes the W6 length checks of one system and thread count, if its points include both lengths.</summary>
    public void WriteLengthChecks(string system, int threads, IEnumerable<NetworkMeasurement> points)
    {
        var checks = W6ScalingWorkload.LengthChecks(points).ToList();
        if (checks.Count == 0) return;
        if (json)
        {
            foreach (var (hidden, ratio, medianRatio) in checks)
                Console.WriteLine($"{{\"workload\":\"W6-check\",\"system\":\"{system}\",\"threads\":{threads},\"hidden\":{hidden}," +
                    $"\"ratio_seq256_seq32\":{Json(ratio, "F4")},\"ratio_medians\":{Json(medianRatio, "F4")}," +
                    $"\"pass\":{(ratio >= W6ScalingWorkload.LengthThreshold ? "true" : "false")}}}");
            return;
        }
        Console.WriteLine($"W6 check ({system}, {threads} thread{(threads == 1 ? "" : "s")}): tokens/s at seq 256 / seq 32 ≥ " +
            $"{Text(W6ScalingWorkload.LengthThreshold, "F2")}, fastest samples (medians): " + string.Join("; ", checks.Select(c =>
                $"h{c.Hidden} {Text(c.Ratio, "F3")} ({Text(c.MedianRatio, "F3")}) {(c.Ratio >= W6ScalingWorkload.LengthThreshold ? "pass" : "FAIL")}")));
    }

    /// <summary>
    /// Writes Recur and PyTorch side by side for every result both have, with the ratio Recur/PyTorch of tokens/s
    /// (W4: PyTorch's µs per token over Recur's), so that above 1 always means Recur is faster.
    /// </summary>
    /// <param name="recur">Recur's results.</param>
    /// <param name="pytorch">The script's results.</param>
    /// <param name="setups">What the PyTorch side ran with at each thread count (version, BLAS kernel, sgemm rate), for the heading.</param>
    public void WriteComparison(IReadOnlyList<NetworkMeasurement> recur, IReadOnlyList<NetworkMeasurement> pytorch,
        IReadOnlyList<string> setups)
    {
        var pairs = recur
            .Select(r => (Recur: r, PyTorch: pytorch.FirstOrDefault(p => p.Workload == PyTorchCounterpart(r.Workload) && p.Threads == r.Threads)))
            .Where(p => p.PyTorch is not null)
            .OrderBy(p => p.Recur.Threads)
            .ToList();
        if (pairs.Count == 0) return;

        if (!json)
        {
            Console.WriteLine();
            Console.WriteLine("Recur vs PyTorch, medians from this one invocation; PyTorch ran with:");
            foreach (string setup in setups) Console.WriteLine($"  {setup}");
            Console.WriteLine("ratio = Recur tokens/s ÷ PyTorch tokens/s; for W4 (latency) PyTorch µs/token ÷ Recur µs/token. Above 1 means Recur is faster.");
            Console.WriteLine($"{"workload",-14} {"threads",7} {"Recur",16} {"PyTorch",16} {"ratio",7} {"Recur GFLOP/s",14} {"PyTorch GFLOP/s",16}");
        }
        foreach (var (r, p) in pairs)
        {
            bool latency = PyTorchCounterpart(r.Workload) == "W4";
            double ratio = latency ? p!.MicrosecondsPerToken / r.MicrosecondsPerToken : r.TokensPerSecond / p!.TokensPerSecond;
            if (json)
            {
                Console.WriteLine($"{{\"workload\":\"{r.Workload}\",\"system\":\"comparison\",\"threads\":{r.Threads},\"ratio\":{Json(ratio, "F4")}," +
                    $"\"ratio_is\":\"{(latency ? "pytorch_us_per_token/recur_us_per_token" : "recur_tokens_per_s/pytorch_tokens_per_s")}\"}}");
                continue;
            }
            Console.WriteLine($"{r.Workload,-14} {r.Threads,7} {Figure(r, latency),16} {Figure(p, latency),16} {Text(ratio, "F2"),7} " +
                $"{Rate(r),14} {Rate(p),16}");
        }
        if (json) return;
        foreach (int threads in pairs.Select(p => p.Recur.Threads).Distinct())
        {
            WriteLengthChecks("recur", threads, recur.Where(m => m.Threads == threads));
            WriteLengthChecks("pytorch", threads, pytorch.Where(m => m.Threads == threads));
        }
    }

    /// <summary>Writes a note: to standard output in table mode, to standard error in JSON mode.</summary>
    public void Note(string text)
    {
        if (json) Console.Error.WriteLine(text);
        else Console.WriteLine(text);
    }

    private static string Figure(NetworkMeasurement m, bool latency) =>
        latency ? $"{Text(m.MicrosecondsPerToken, "N1")} µs/tok" : $"{Text(m.TokensPerSecond, "N0")} tok/s";

    private static string Rate(NetworkMeasurement m) =>
        Text(m.Gflops, "F1") + (double.IsNaN(m.PeakFraction) ? "" : $" ({Text(100 * m.PeakFraction, "F0")}%)");

    private static string Notes(NetworkMeasurement m)
    {
        var notes = new List<string>();
        foreach (var (key, value) in m.Extras)
        {
            switch (key)
            {
                case "hidden" or "seq":
                    break;
                case "max_abs_logprob_diff":
                    notes.Add($"max |Δ log p| vs float {Text(value, "E2")}");
                    break;
                case "mean_kl_float_half":
                    notes.Add($"KL(float‖half) {Text(value, "E2")} nats/step");
                    break;
                case "alloc_bytes_per_step":
                    notes.Add($"alloc/step {Text(value, "N0")} B this thread");
                    break;
                case "alloc_bytes_per_step_all_threads":
                    notes.Add($"{Text(value, "N0")} B all threads");
                    break;
                case "peak_working_set_bytes":
                    notes.Add($"peak working set {Text(value / 1e6, "F1")} MB");
                    break;
                case "workspace_bytes_per_token":
                    notes.Add($"workspace {Text(value / 1024, "F1")} KiB/token");
                    break;
                case "weight_bytes_per_token":
                    notes.Add($"weights read {Text(value / 1e6, "F2")} MB/token");
                    break;
                case "bandwidth_gb_per_s":
                    notes.Add($"{Text(value, "F1")} GB/s");
                    break;
                default:
                    notes.Add($"{key} {Text(value, "G6")}");
                    break;
            }
        }
        return string.Join(", ", notes);
    }

    private static string Json(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "null";

    private static string Text(double value, string format) =>
        double.IsNaN(value) ? "" : value.ToString(format, CultureInfo.InvariantCulture);

    // W4-half is compared with PyTorch's float W4: the same generation step, with Recur reading half the bytes.
    private static string PyTorchCounterpart(string workload) => workload == W4SampleStepWorkload.HalfName ? "W4" : workload;
}
