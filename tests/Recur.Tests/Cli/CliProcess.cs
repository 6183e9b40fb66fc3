using System.Diagnostics;
using System.Text;

namespace Recur.Tests.Cli;

/// <summary>
/// Runs the built command-line tool (<c>Recur.Cli.dll</c>, copied beside the tests by the project reference) in a child
/// process through the same <c>dotnet</c> host that runs the tests.
/// </summary>
public sealed class CliProcess : IDisposable
{
    /// <summary>How long a run may take before the test fails (generous: the machine may be busy with other tests).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new(), _stderr = new();

    private CliProcess(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Recur.Cli.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project references src/Recur.Cli, which copies it here.");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        start.ArgumentList.Add(dll);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The child's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the child has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What the child has written to stderr so far.</summary>
    public string StderrSoFar
    {
        get
        {
            lock (_stderr) return _stderr.ToString();
        }
    }

    /// <summary>Starts <c>recur args…</c> in <paramref name="workingDirectory"/> without waiting.</summary>
    public static CliProcess Start(string workingDirectory, params string[] args) => new(workingDirectory, args);

    /// <summary>Starts <c>recur args…</c> with extra environment variables, without waiting.</summary>
    public static CliProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        new(workingDirectory, args, environment);

    /// <summary>Runs <c>recur args…</c> with extra environment variables to the end.</summary>
    public static CliResult Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(workingDirectory, environment, args);
        return process.WaitForExit(Timeout);
    }

    /// <summary>Runs <c>recur args…</c> in <paramref name="workingDirectory"/> to the end.</summary>
    public static CliResult Run(string workingDirectory, params string[] args)
    {
        using var process = Start(workingDirectory, args);
        return process.WaitForExit(Timeout);
    }

    /// <summary>Waits for the child to exit; kills it and fails the test if it takes longer than <paramref name="timeout"/>.</summary>
    public CliResult WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            Assert.Fail($"recur did not exit within {timeout.TotalSeconds} s.\n{Snapshot()}");
        }

        _process.WaitForExit(); // drains the redirected streams
        return Snapshot();
    }

    /// <summary>Sends a POSIX signal (TERM, INT…) to the child by running <c>kill -SIGNAL pid</c>.</summary>
    public void Signal(string name)
    {
        var start = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add("-" + name);
        start.ArgumentList.Add(Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var kill = Process.Start(start)!;
        string error = kill.StandardError.ReadToEnd();
        kill.WaitForExit();
        Assert.True(kill.ExitCode == 0, $"kill -{name} {Id} failed: {error}");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private CliResult Snapshot()
    {
        lock (_stdout)
            lock (_stderr)
                return new CliResult(_process.HasExited ? _process.ExitCode : -1, _stdout.ToString(), _stderr.ToString());
    }

    private static void Append(StringBuilder sb, string? line)
    {
        if (line is null) return;
        lock (sb) sb.Append(line).Append('\n');
    }
}
