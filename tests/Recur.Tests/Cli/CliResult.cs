namespace Recur.Tests.Cli;

/// <summary>What one run of the command-line tool produced.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Stdout">Everything written to standard output.</param>
/// <param name="Stderr">Everything written to standard error.</param>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The non-empty lines of <see cref="Stdout"/>.</summary>
    public string[] StdoutLines => Lines(Stdout);

    /// <summary>The non-empty lines of <see cref="Stderr"/>.</summary>
    public string[] StderrLines => Lines(Stderr);

    /// <summary>Both streams, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
