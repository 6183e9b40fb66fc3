namespace Recur.Cli.Commands;

/// <summary>File names inside a run directory.</summary>
internal static class RunFiles
{
    public const string Latest = "latest.ckpt";
    public const string Best = "best.ckpt";
    public const string Metrics = "metrics.csv";
    public const string Plot = "loss.svg";
}
