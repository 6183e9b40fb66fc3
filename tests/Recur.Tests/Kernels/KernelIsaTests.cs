using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recur.Tests.Kernels;

/// <summary>
/// Runs this namespace's tests again in child processes with narrower instruction sets, so the
/// Vector256, Vector128 and scalar paths are checked on a machine that would otherwise always take
/// the widest one.
/// </summary>
public class KernelIsaTests
{
    /// <summary>Trait value that keeps the parent test out of its own child runs.</summary>
    public const string ParentCategory = "KernelIsaParent";

    // Set in each child: the widest accelerated vector, in bits, that the child must see.
    private const string ExpectedBitsVariable = "RECUR_EXPECTED_VECTOR_BITS";

    private static readonly TimeSpan s_childTimeout = TimeSpan.FromMinutes(2);

    private static int WidestAcceleratedBits =>
        Vector512.IsHardwareAccelerated ? 512 :
        Vector256.IsHardwareAccelerated ? 256 :
        Vector128.IsHardwareAccelerated ? 128 : 0;

    [Fact]
    [Trait("Category", ParentCategory)]
    public async Task KernelTests_UnderReducedInstructionSets_PassInChildProcesses()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable(ExpectedBitsVariable) is not null,
            "Already inside a reduced-instruction-set child.");
        int bits = WidestAcceleratedBits;
        // .NET 10 ignores the older DOTNET_EnableAVX512F knob; DOTNET_EnableAVX512 is the one that works.
        (string Name, (string, string)[] Variables, int ExpectedBits)[] runs =
        [
            ("AVX-512 off", [("DOTNET_EnableAVX512F", "0"), ("DOTNET_EnableAVX512", "0")], Math.Min(bits, 256)),
            ("AVX2 off", [("DOTNET_EnableAVX2", "0")], Math.Min(bits, 128)),
            ("hardware intrinsics off", [("DOTNET_EnableHWIntrinsic", "0")], 0),
        ];

        CancellationToken cancel = TestContext.Current.CancellationToken;
        var results = await Task.WhenAll(runs.Select(run => RunChildAsync(run.Variables, run.ExpectedBits, cancel)));
        for (int i = 0; i < runs.Length; i++)
        {
            Assert.True(results[i].ExitCode == 0,
                $"Kernel tests with {runs[i].Name} exited with {results[i].ExitCode}:\n{Tail(results[i].Output, 4000)}");
        }
    }

    [Fact]
    public void VectorPath_InReducedInstructionSetChild_IsTheRequestedWidth()
    {
        string? expected = Environment.GetEnvironmentVariable(ExpectedBitsVariable);
        Assert.SkipWhen(expected is null, $"Runs only in the child processes of {nameof(KernelTests_UnderReducedInstructionSets_PassInChildProcesses)}.");
        Assert.Equal(int.Parse(expected!), WidestAcceleratedBits);
    }

    // Runs `dotnet <this test assembly>` with the in-process xUnit runner, restricted to this namespace.
    private static async Task<(int ExitCode, string Output)> RunChildAsync((string Name, string Value)[] variables,
        int expectedBits, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            typeof(KernelIsaTests).Assembly.Location,
            "-namespace", typeof(KernelIsaTests).Namespace!,
            "-notrait", $"Category={ParentCategory}",
            "-noLogo", "-noColor",
        })
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in variables) start.Environment[name] = value;
        start.Environment[ExpectedBitsVariable] = expectedBits.ToString();

        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the child process.");
        Task<string> stdout = child.StandardOutput.ReadToEndAsync(cancel);
        Task<string> stderr = child.StandardError.ReadToEndAsync(cancel);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(s_childTimeout);
        try
        {
            await child.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw;
        }
        return (child.ExitCode, await stdout + await stderr);
    }

    // The dotnet host that runs this process, so the child uses the same runtime.
    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        string? process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet") return process;
        string fromRuntime = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..",
            OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
        return File.Exists(fromRuntime) ? fromRuntime : "dotnet";
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];
}
