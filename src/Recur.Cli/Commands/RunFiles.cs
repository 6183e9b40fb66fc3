namespace Recur.Cli.Commands;

/// <summary>File names inside a run directory.</summary>
internal static class RunFiles
{
    public const string Latest = "latest.ckpt";
    public const string Best = "best.ckpt";
    public const string Metrics = "metrics.csv";
    public const string Plot = "loss.svg";

    /// <summary>What an atomic write puts between a file's name and the random suffix of its temporary file.</summary>
    public const string TemporaryMarker = Recur.IO.AtomicFile.TempMarker;
}
