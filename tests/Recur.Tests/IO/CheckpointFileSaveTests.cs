using System.Runtime.Versioning;
using Recur.IO;

namespace Recur.Tests.IO;

public sealed class CheckpointFileSaveTests
{
    [Fact]
    public void Save_ExistingFile_ReplacesIt()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.ckpt");
        CheckpointSamples.Small().Save(path);
        CheckpointFile second = CheckpointSamples.Full();
        second.Save(path);
        CheckpointSamples.AssertIdentical(second, CheckpointFile.Load(path));
        Assert.Equal(["model.ckpt"], dir.FileNames());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(100)]
    [InlineData(-1)]
    public void Save_StreamFailsPartway_PreviousFileIntactAndNoTempFile(int failAfter)
    {
        // -1: fail on the checksum's last byte, after everything else was written.
        CheckpointFile next = CheckpointSamples.Full();
        if (failAfter < 0)
            failAfter = CheckpointSamples.Bytes(next).Length - 1;
        using var dir = new TempDirectory();
        string path = dir.File("model.ckpt");
        CheckpointFile previous = CheckpointSamples.Small();
        previous.Save(path);
        byte[] before = File.ReadAllBytes(path);

        var e = Assert.Throws<IOException>(() => next.Save(path, s => new FailingStream(s, failAfter)));

        Assert.Contains(path, e.Message);
        Assert.IsType<IOException>(e.InnerException);
        Assert.Equal(before, File.ReadAllBytes(path));
        CheckpointSamples.AssertIdentical(previous, CheckpointFile.Load(path));
        Assert.Equal(["model.ckpt"], dir.FileNames());
    }

    [Fact]
    public void Save_SerialisationThrowsNonIOException_PropagatesAndRemovesTempFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.ckpt");
        CheckpointSamples.Small().Save(path);
        byte[] before = File.ReadAllBytes(path);

        Assert.Throws<InvalidOperationException>(() =>
            CheckpointSamples.Full().Save(path, s => new FailingStream(s, 64, () => new InvalidOperationException("crash"))));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["model.ckpt"], dir.FileNames());
    }

    [Fact]
    public void Save_NewPathFails_LeavesNothing()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.ckpt");
        Assert.Throws<IOException>(() => CheckpointSamples.Small().Save(path, s => new FailingStream(s, 10)));
        Assert.Empty(dir.FileNames());
    }

    [Fact]
    public void Save_MissingDirectory_ThrowsDirectoryNotFoundNamingPath()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "no", "such", "model.ckpt");
        var e = Assert.Throws<DirectoryNotFoundException>(() => CheckpointSamples.Small().Save(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Save_PathIsDirectory_ThrowsNamingPathAndLeavesNothing()
    {
        using var dir = new TempDirectory();
        string path = dir.File("taken");
        Directory.CreateDirectory(path);
        Exception e = Record.Exception(() => CheckpointSamples.Small().Save(path))!;
        Assert.True(e is IOException or UnauthorizedAccessException, $"Unexpected {e.GetType()}: {e.Message}");
        Assert.Contains(path, e.Message);
        Assert.NotNull(e.InnerException);
        Assert.Equal(["taken"], dir.FileNames());
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Save_ReadOnlyDirectory_ThrowsUnauthorizedAccessNamingPath()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "Unix permissions only.");
        using var dir = new TempDirectory();
        string locked = dir.File("locked");
        Directory.CreateDirectory(locked);
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            Assert.SkipUnless(!CanCreateFile(locked), "This user can write to read-only directories (root).");
            string path = Path.Combine(locked, "model.ckpt");
            var e = Assert.Throws<UnauthorizedAccessException>(() => CheckpointSamples.Small().Save(path));
            Assert.Contains(path, e.Message);
            Assert.NotNull(e.InnerException);
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void Save_EmptyPath_ThrowsArgument() =>
        Assert.ThrowsAny<ArgumentException>(() => CheckpointSamples.Small().Save(""));

    [Fact]
    public void Save_ReadOnlyStream_ThrowsArgument() =>
        Assert.Throws<ArgumentException>(() => CheckpointSamples.Small().Save(new MemoryStream([], writable: false)));

    private static bool CanCreateFile(string directory)
    {
        string probe = Path.Combine(directory, "probe");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
