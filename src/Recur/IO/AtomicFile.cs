using System.Security.Cryptography;

namespace Recur.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content: the bytes go to a
/// temporary file in the destination's directory, are flushed to disk, and the temporary file is then renamed
/// over the destination (an atomic replace on one file system).
/// </summary>
internal static class AtomicFile
{
    /// <summary>Marker between the destination name and the random suffix of a temporary file.</summary>
    internal const string TempMarker = ".tmp-";

    /// <summary>
    /// Wraps the stream of every write, given the destination's full path: a test hook that injects faults (a slow or a
    /// full disk) into writes made deep inside the library. Null (default) for none.
    /// </summary>
    internal static Func<string, Stream, Stream>? StreamDecorator { get; set; }

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    /// <param name="path">Destination; its directory must exist.</param>
    /// <param name="write">Writes the whole content to the stream it is given.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or names no file.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable or the path is a directory.</exception>
    /// <exception cref="IOException">Writing or renaming failed; the destination is unchanged.</exception>
    /// <remarks>
    /// On any failure, including one thrown by <paramref name="write"/>, the temporary file is deleted and the
    /// exception propagates; file-system errors are re-thrown with a message naming <paramref name="path"/>.
    /// </remarks>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(full);
        if (string.IsNullOrEmpty(Path.GetFileName(full)) || directory is null)
            throw new ArgumentException($"'{path}' does not name a file.", nameof(path));
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException(File.Exists(directory)
                ? $"Cannot write '{path}': '{directory}' is a file, not a directory."
                : $"Cannot write '{path}': directory '{directory}' does not exist.");
        }

        string temp = full + TempMarker + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(StreamDecorator?.Invoke(full, stream) ?? stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e)
        {
            TryDelete(temp);
            switch (e)
            {
                case DirectoryNotFoundException:
                    throw new DirectoryNotFoundException($"Cannot write '{path}': {e.Message}", e);
                case UnauthorizedAccessException:
                    throw new UnauthorizedAccessException($"Cannot write '{path}': {e.Message}", e);
                case IOException:
                    throw new IOException($"Cannot write '{path}': {e.Message}", e);
                default:
                    throw;
            }
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original failure matters more than a leftover temporary file.
        }
    }
}
