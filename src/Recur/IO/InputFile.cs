namespace Recur.IO;

/// <summary>The check every reader makes before opening its file, so that the two commonest mistakes read alike.</summary>
internal static class InputFile
{
    /// <summary>Checks that <paramref name="path"/> names an existing file.</summary>
    /// <param name="path">The path, named in messages as given.</param>
    /// <param name="kind">What the file should be, for messages ("file", "MIDI file", "checkpoint").</param>
    /// <exception cref="IOException">The path is a directory.</exception>
    /// <exception cref="FileNotFoundException">Nothing is there.</exception>
    public static void Check(string path, string kind = "file")
    {
        if (Directory.Exists(path)) throw new IOException($"{path}: is a directory, expected a {kind}.");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such {kind}.", path);
    }
}
