using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics.X86;
using System.Text.Json;

namespace Recur.Benchmarks.Workloads.Networks;

/// <summary>
/// Runs bench/pytorch/workloads.py with Debian's /usr/bin/python3 and reads its JSON lines, for <c>--compare</c>.
/// The child alone gets <c>OPENBLAS_CORETYPE=SkylakeX</c> (on AVX-512 machines: Debian's OpenBLAS 0.3.21 may not
/// recognise newer CPUs and fall back to a generic kernel several times slower) and <c>OMP_WAIT_POLICY=PASSIVE</c>
/// (otherwise PyTorch's OpenMP threads spin against OpenBLAS's own). Its set-up lines on standard error
/// (<c># pytorch setup: …</c>, naming the BLAS kernel it found) are passed through as they come; other standard-error
/// output only when the script fails.
/// </summary>
public sealed class PyTorchRunner
{
    /// <summary>The interpreter that Debian's python3-torch installs for.</summary>
    public const string PythonPath = "/usr/bin/python3";

    /// <summary>The script, relative to the repository root.</summary>
    public const string ScriptPath = "bench/pytorch/workloads.py";

    /// <summary>Exit code of the script when torch cannot be imported.</summary>
    public const int TorchMissingExitCode = 3;

    private const string SetupMarker = "# pytorch setup: ";

    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(30);

    private static readonly HashSet<string> s_fields =
        ["workload", "system", "threads", "tokens_per_s", "us_per_token", "gflops", "peak_fraction", "best_tokens_per_s"];

    private PyTorchRunner(string script) => Script = script;

    /// <summary>Full path of the script.</summary>
    public string Script { get; }

    /// <summary>What the script reported about its set-up (torch version, BLAS kernel), or empty before a run.</summary>
    public string Setup { get; private set; } = "";

    /// <summary>Finds the interpreter and the script.</summary>
    /// <param name="problem">Why the comparison cannot run, in one line; empty on success.</param>
    /// <returns>The runner, or null when the interpreter or the script is missing.</returns>
    public static PyTorchRunner? Find(out string problem)
    {
        if (!File.Exists(PythonPath))
        {
            problem = $"PyTorch comparison skipped: {PythonPath} not found (install Debian's python3-torch); Recur's figures only.";
            return null;
        }
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, ScriptPath);
                if (!File.Exists(candidate)) continue;
                problem = "";
                return new PyTorchRunner(candidate);
            }
        problem = $"PyTorch comparison skipped: {ScriptPath} not found above {AppContext.BaseDirectory}; Recur's figures only.";
        return null;
    }

    /// <summary>Runs the script for some workloads at one thread count.</summary>
    /// <param name="workloads">Workload names (W1 … W6).</param>
    /// <param name="threads">Thread count for torch and OpenBLAS.</param>
    /// <param name="peakGflops">The measured FMA peak for that count, so the script's peak fractions match Recur's.</param>
    /// <param name="filter">Result-name filter, as <see cref="BenchOptions.Filter"/>.</param>
    /// <param name="problem">Why no results came back, in one line; empty on success.</param>
    /// <param name="unavailable">True when the problem is that torch is missing (not a failure).</param>
    /// <returns>The results, or null.</returns>
    public IReadOnlyList<NetworkMeasurement>? Run(IEnumerable<string> workloads, int threads, double peakGflops, string filter,
        out string problem, out bool unavailable)
    {
        var info = new ProcessStartInfo(PythonPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add("--workload");
        info.ArgumentList.Add(string.Join(',', workloads));
        info.ArgumentList.Add("--threads");
        info.ArgumentList.Add(threads.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--peak-gflops");
        info.ArgumentList.Add(peakGflops.ToString("F2", CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--json");
        if (filter.Length > 0)
        {
            info.ArgumentList.Add("--filter");
            info.ArgumentList.Add(filter);
        }
        if (Avx512F.IsSupported) info.Environment["OPENBLAS_CORETYPE"] = "SkylakeX";
        info.Environment["OMP_WAIT_POLICY"] = "PASSIVE";

        var results = new List<NetworkMeasurement>();
        var errors = new List<string>();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {PythonPath}.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data.StartsWith(SetupMarker, StringComparison.Ordinal))
            {
                Console.Error.WriteLine(e.Data);
                Setup = e.Data[SetupMarker.Length..];
            }
            else lock (errors) errors.Add(e.Data);
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && Parse(e.Data) is { } m)
                lock (results) results.Add(m);
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            problem = $"PyTorch run stopped after {s_timeout.TotalMinutes} minutes.";
            unavailable = false;
            return null;
        }
        process.WaitForExit(); // drains the asynchronous readers

        unavailable = process.ExitCode == TorchMissingExitCode;
        string lastError = errors.Count > 0 ? errors[^1] : "no message";
        if (process.ExitCode != 0)
        {
            if (!unavailable)
                foreach (string line in errors) Console.Error.WriteLine(line);
            problem = unavailable
                ? $"PyTorch comparison skipped: {lastError}; Recur's figures only."
                : $"PyTorch run failed with exit code {process.ExitCode}: {lastError}";
            return null;
        }
        foreach (string line in errors) Console.Error.WriteLine(line);
        problem = "";
        return results;
    }

    // A result line of the script, or null for other lines (the W6 checks, which are recomputed here).
    private static NetworkMeasurement? Parse(string line)
    {
        if (!line.StartsWith('{')) return null;
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        if (!root.TryGetProperty("tokens_per_s", out _) || root.GetProperty("system").GetString() != "pytorch") return null;
        var extras = new List<KeyValuePair<string, double>>();
        foreach (var property in root.EnumerateObject())
            if (!s_fields.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.Number)
                extras.Add(new(property.Name, property.Value.GetDouble()));
        return new NetworkMeasurement(root.GetProperty("workload").GetString()!, "pytorch", root.GetProperty("threads").GetInt32(),
            Number(root, "tokens_per_s"), Number(root, "us_per_token"), Number(root, "gflops"), Number(root, "peak_fraction"),
            Number(root, "best_tokens_per_s"), extras);
    }

    private static double Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;
}
