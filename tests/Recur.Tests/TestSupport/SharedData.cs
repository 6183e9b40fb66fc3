namespace Recur.Tests.TestSupport;

/// <summary>The public data sets beside the checkout (<c>../shared/data</c>), found from the test assembly upwards.</summary>
public static class SharedData
{
    /// <summary>The repository root: the first folder above the test assembly that holds <c>Recur.slnx</c>, or null.</summary>
    public static string? RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Recur.slnx"))) return dir.FullName;
            return null;
        }
    }

    /// <summary>The path of <c>../shared/data/{relative}</c> when that file exists, else null.</summary>
    public static string? Find(string relative)
    {
        if (RepositoryRoot is not string root) return null;
        string path = Path.GetFullPath(Path.Combine(root, "..", "shared", "data", relative));
        return File.Exists(path) ? path : null;
    }
}
