using System.Globalization;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary>A one-line progress bar on stderr (redrawn in place on a terminal, skipped when stderr is redirected).</summary>
internal sealed class ProgressLine : IProgress<TrainingProgress>
{
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private int _width;

    public void Report(TrainingProgress p)
    {
        if (!_interactive) return;
        const int bar = 24;
        int filled = p.Batches == 0 ? 0 : (int)Math.Round(bar * (double)p.Batch / p.Batches);
        string eta = p.Remaining is TimeSpan r && r > TimeSpan.Zero ? $"  ETA {r:hh\\:mm\\:ss}" : "";
        string line = string.Create(CultureInfo.InvariantCulture,
            $"epoch {p.Epoch + 1}/{p.Epochs} [{new string('#', filled)}{new string('.', bar - filled)}] {p.Batch}/{p.Batches}  " +
            $"step {p.Step}  loss {p.Loss:F4}  {p.TokensPerSecond:N0} tok/s{eta}");
        Console.Error.Write("\r" + line.PadRight(_width));
        _width = line.Length;
    }

    public void Clear()
    {
        if (!_interactive || _width == 0) return;
        Console.Error.Write("\r" + new string(' ', _width) + "\r");
        _width = 0;
    }
}
