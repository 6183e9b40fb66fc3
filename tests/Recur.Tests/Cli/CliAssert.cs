namespace Recur.Tests.Cli;

/// <summary>Assertions on how the command-line tool reports an error.</summary>
public static class CliAssert
{
    /// <summary>
    /// A failed run: a non-zero exit code and exactly one line on stderr, "recur: …", with no stack trace.
    /// Returns that line.
    /// </summary>
    public static string FailedWithOneLine(CliResult result)
    {
        Assert.True(result.ExitCode != 0, $"expected a non-zero exit code.\n{result}");
        string[] lines = result.StderrLines;
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}.\n{result}");
        Assert.StartsWith("recur: ", lines[0]);
        // A stack trace has "   at Type.Method(" lines and names the exception type.
        Assert.DoesNotMatch(@"(?m)^\s*at \S+\(", result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
        return lines[0];
    }
}
