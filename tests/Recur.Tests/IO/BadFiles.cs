using System.Text;

namespace Recur.Tests.IO;

/// <summary>
/// Malformed inputs shared by the bad-input tests, written once into a temporary directory: an empty file, invalid
/// UTF-8, a NUL byte, UTF-16, a file of one line of 100 MB without a line break, a directory and a missing path.
/// </summary>
public sealed class BadFiles : IDisposable
{
    /// <summary>Size of <see cref="LongLine"/>.</summary>
    public const long LongLineBytes = 100L << 20;

    private readonly TempDirectory _dir = new();

    /// <summary>Writes the files.</summary>
    public BadFiles()
    {
        Empty = Write("empty.txt", []);
        InvalidUtf8 = Write("invalid-utf8.txt", [.. "sat "u8, 0xFF, .. " on\nthe cat\n"u8]);
        Nul = Write("nul.txt", [.. "sat"u8, 0, .. " on\nthe cat\n"u8]);
        Utf16 = Write("utf16.txt", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("the\tDT\n")]);
        Directory = _dir.File("a-directory");
        System.IO.Directory.CreateDirectory(Directory);
        Missing = _dir.File("missing.txt");
        LongLine = _dir.File("long-line.txt");
        using (var stream = new FileStream(LongLine, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
        {
            byte[] block = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("tok ", 1 << 18)));
            for (long written = 0; written < LongLineBytes; written += block.Length) stream.Write(block);
        }
    }

    /// <summary>The directory holding the files.</summary>
    public string Path => _dir.Path;

    /// <summary>A file of no bytes.</summary>
    public string Empty { get; }

    /// <summary>Line 1 holds the byte 0xFF (never valid in UTF-8) at file offset 4.</summary>
    public string InvalidUtf8 { get; }

    /// <summary>Line 1 holds a NUL byte at file offset 3.</summary>
    public string Nul { get; }

    /// <summary>UTF-16 text with its byte-order mark.</summary>
    public string Utf16 { get; }

    /// <summary>One line of 100 MB ("tok tok …") and no line break.</summary>
    public string LongLine { get; }

    /// <summary>A directory given where a file is expected.</summary>
    public string Directory { get; }

    /// <summary>A path where nothing is.</summary>
    public string Missing { get; }

    /// <summary>Writes a further file into the directory and returns its path.</summary>
    public string Write(string name, byte[] bytes)
    {
        string path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <inheritdoc/>
    public void Dispose() => _dir.Dispose();
}
