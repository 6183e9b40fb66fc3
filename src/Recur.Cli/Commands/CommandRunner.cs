using System.Text.Json;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary>Turns a verb's exceptions into a one-line message on stderr and a non-zero exit code.</summary>
internal static class CommandRunner
{
    /// <summary>Exit code of an interrupted run (128 + SIGINT).</summary>
    public const int Interrupted = 130;

    /// <summary>Exit code of a run stopped by a non-finite loss or gradient.</summary>
    public const int Diverged = 3;

    /// <summary>
    /// Runs <paramref name="body"/>; errors become "recur: message" (with the stack trace under --verbose) and exit code 1
    /// (<see cref="Diverged"/> for a non-finite loss or gradient). An exception no reader or verb means to throw (a bug)
    /// still gives one line, naming its type and asking for --verbose, rather than a crash.
    /// </summary>
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
            return e is TrainingDivergedException ? Diverged : 1;
        }
        catch (OutOfMemoryException e)
        {
            Console.Error.WriteLine("recur: out of memory: the data or the model is too large for this machine.");
            if (verbose) Console.Error.WriteLine(e);
            return 1;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"recur: internal error ({e.GetType().Name}): {Message(e)} (--verbose shows where)");
            if (verbose) Console.Error.WriteLine(e);
            return 1;
        }
    }

    /// <summary>Whether <paramref name="e"/> or an exception inside it reports a full disk (or an exhausted quota).</summary>
    public static bool IsDiskFull(Exception e)
    {
        // On Linux and macOS .NET puts the errno in HResult: ENOSPC 28, EDQUOT 122 (Linux); Windows: ERROR_DISK_FULL,
        // ERROR_HANDLE_DISK_FULL.
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is IOException && x.HResult is 28 or 122 or unchecked((int)0x80070070) or unchecked((int)0x80070027)) return true;
        return false;
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
        if (IsDiskFull(e) && !message.Contains("disk is full", StringComparison.Ordinal)) message += " (the disk is full)";
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
