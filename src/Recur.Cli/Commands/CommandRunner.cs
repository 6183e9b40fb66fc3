using System.Text.Json;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary>Turns a verb's exceptions into a one-line message on stderr and a non-zero exit code.</summary>
internal static class CommandRunner
{
    /// <summary>Exit code of an interrupted run (128 + SIGINT).</summary>
    public const int Interrupted = 130;

    /// <summary>Runs <paramref name="body"/>; errors become "recur: message" (with the stack trace under --verbose) and exit code 1.</summary>
    public static int Run(bool verbose, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException
                                   or TrainingDivergedException or JsonException or InvalidOperationException or NotSupportedException)
        {
            Console.Error.WriteLine($"recur: {Message(e)}");
            if (verbose) Console.Error.WriteLine(e);
            return e is TrainingDivergedException ? 3 : 1;
        }
    }

    /// <summary>Writes "recur: message" to stderr and returns exit code 1.</summary>
    public static int Fail(string message)
    {
        Console.Error.WriteLine($"recur: {message}");
        return 1;
    }

    /// <summary>The message on one line, without the " (Parameter 'name')" that ArgumentException appends.</summary>
    private static string Message(Exception e)
    {
        string message = e.Message;
        if (e is ArgumentException { ParamName: string name } && message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal))
            message = message[..^($" (Parameter '{name}')".Length)];
        return message.ReplaceLineEndings(" ");
    }

    /// <summary>Checks that a file given on the command line exists and is not a directory; null passes.</summary>
    /// <exception cref="ArgumentException">The path is a directory.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static void CheckFile(string? path, string option)
    {
        if (path is null) return;
        if (Directory.Exists(path)) throw new ArgumentException($"{option} {path}: is a directory, expected a file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"{option} {path}: no such file.");
    }

    /// <summary>A checkpoint path from --model: a file, or a run directory (its best checkpoint, else its latest).</summary>
    public static string ResolveModel(string path)
    {
        if (Directory.Exists(path))
        {
            foreach (var name in new[] { RunFiles.Best, RunFiles.Latest })
            {
                string candidate = Path.Combine(path, name);
                if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException($"{path}: the run directory has no {RunFiles.Best} or {RunFiles.Latest}.");
        }
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such checkpoint file or run directory.");
        return path;
    }
}
