using System.Globalization;
using System.Text;
using Recur.IO;
using Recur.Training;

namespace Recur.Diagnostics;

/// <summary>
/// The global gradient norm of every training step, before clipping, with the steps where clipping acted: the exploding
/// gradient made visible. Attach it as <see cref="Trainer{T, TBatch}.GradientNorms"/>; it only appends to a list, so
/// it adds no measurable cost to a step. Written as CSV (<c>step,norm,clipped</c>) and as an SVG chart with a
/// logarithmic y axis, the clipped steps circled and the clip threshold drawn.
/// </summary>
public sealed class GradientNormLog : IProgress<GradientNormSample>
{
    private const string Header = "step,norm,clipped";
    private readonly List<GradientNormSample> _samples = [];

    /// <summary>The samples in the order reported.</summary>
    public IReadOnlyList<GradientNormSample> Samples => _samples;

    /// <summary>Appends one sample.</summary>
    public void Report(GradientNormSample value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _samples.Add(value);
    }

    /// <summary>Drops the samples after <paramref name="step"/>, e.g. those logged after the checkpoint a run resumes from.</summary>
    public void Truncate(long step) => _samples.RemoveAll(s => s.Step > step);

    /// <summary>Writes <c>step,norm,clipped</c> (clipped as 0 or 1) to <paramref name="path"/> atomically.</summary>
    /// <exception cref="IOException">Writing failed; any previous file is unchanged.</exception>
    public void SaveCsv(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var text = new StringBuilder(Header).Append('\n');
        foreach (var s in _samples)
            text.Append(s.Step.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(s.Norm.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(s.Clipped ? '1' : '0').Append('\n');
        string content = text.ToString();
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            writer.Write(content);
        });
    }

    /// <summary>Reads a file written by <see cref="SaveCsv"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The header or a row is malformed; the message names the file and line.</exception>
    public static GradientNormLog Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var log = new GradientNormLog();
        int line = 0;
        foreach (string text in File.ReadLines(path, Encoding.UTF8))
        {
            line++;
            if (line == 1)
            {
                if (text.TrimEnd('\r') != Header) throw new InvalidDataException($"{path}: line 1 is not the header '{Header}'.");
                continue;
            }
            if (text.Length == 0) continue;
            string[] fields = text.TrimEnd('\r').Split(',');
            if (fields.Length != 3
                || !long.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long step)
                || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double norm)
                || fields[2] is not ("0" or "1"))
                throw new InvalidDataException($"{path}: line {line} is not 'step,norm,clipped'.");
            log._samples.Add(new GradientNormSample(step, norm, fields[2] == "1"));
        }
        if (line == 0) throw new InvalidDataException($"{path}: the file is empty.");
        return log;
    }

    /// <summary>The chart: the norm per step (log scale), the clipped steps circled, and the clip norm when given.</summary>
    /// <param name="clipNorm">The threshold of norm clipping, or null when the run clipped no norm.</param>
    public LossPlot ToPlot(double? clipNorm)
    {
        int clippedCount = _samples.Count(s => s.Clipped);
        var plot = new LossPlot($"Global gradient norm before clipping ({clippedCount} of {_samples.Count} steps clipped)")
        {
            XLabel = "step", YLabel = "‖∇‖₂", LogScale = true,
        };
        plot.AddSeries("norm", _samples.Select(s => ((double)s.Step, s.Norm)));
        plot.AddMarkers("clipped", _samples.Where(s => s.Clipped).Select(s => ((double)s.Step, s.Norm)));
        if (clipNorm is double c && _samples.Count > 0)
            plot.AddSeries("clip norm", [(_samples[0].Step, c), (_samples[^1].Step, c)]);
        return plot;
    }
}
