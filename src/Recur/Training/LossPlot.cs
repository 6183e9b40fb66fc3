using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Recur.IO;

namespace Recur.Training;

/// <summary>
/// A line chart of one or more series, such as training loss per step and validation loss per epoch, written as a
/// self-contained SVG: axes with labelled ticks, grid, title, axis labels and legend; no scripts, no external
/// fonts (the generic <c>sans-serif</c> family) and no external references.
/// </summary>
/// <remarks>
/// Each series with at least one drawable point becomes one <c>&lt;polyline&gt;</c> joining its points in the
/// order given; series of at most <see cref="MarkerLimit"/> points also get a circle per point. A marker series
/// (<see cref="AddMarkers"/>, e.g. events such as clipped steps) gets a circle per point and no line. Points with a
/// non-finite coordinate, and with a logarithmic y axis points with y ≤ 0, are skipped. Axis ranges cover all
/// drawable points; a linear axis is widened to whole tick steps.
/// </remarks>
public sealed class LossPlot
{
    /// <summary>Series with at most this many drawable points get a marker per point.</summary>
    public const int MarkerLimit = 50;

    private const string SvgNamespace = "http://www.w3.org/2000/svg";
    private const double MarginLeft = 72, MarginRight = 24, MarginTop = 40, MarginBottom = 52;
    private const int TargetTicks = 6;

    private static readonly string[] s_palette =
        ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    private readonly List<(string Name, (double X, double Y)[] Points, bool MarkersOnly)> _series = [];
    private int _width = 800;
    private int _height = 480;

    /// <summary>Creates an empty chart.</summary>
    /// <param name="title">Title shown above the plot and as the SVG's <c>&lt;title&gt;</c>; may be empty.</param>
    /// <exception cref="ArgumentNullException"><paramref name="title"/> is null.</exception>
    public LossPlot(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        Title = title;
    }

    /// <summary>The chart's title.</summary>
    public string Title { get; }

    /// <summary>Label under the x axis; default <c>step</c>.</summary>
    public string XLabel { get; set; } = "step";

    /// <summary>Label beside the y axis; default <c>loss</c>.</summary>
    public string YLabel { get; set; } = "loss";

    /// <summary>Whether the y axis is logarithmic (base 10); default false.</summary>
    public bool LogScale { get; set; }

    /// <summary>Width in pixels, 240 to 16384; default 800.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is out of range.</exception>
    public int Width
    {
        get => _width;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 240);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 16384);
            _width = value;
        }
    }

    /// <summary>Height in pixels, 160 to 16384; default 480.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is out of range.</exception>
    public int Height
    {
        get => _height;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 160);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 16384);
            _height = value;
        }
    }

    /// <summary>Names of the series added so far, in legend order.</summary>
    public IReadOnlyList<string> SeriesNames => _series.Select(s => s.Name).ToArray();

    /// <summary>Adds a series; its points are copied.</summary>
    /// <param name="name">Legend entry: non-empty and unique within the chart.</param>
    /// <param name="points">(x, y) points in drawing order; may be empty or contain non-finite values, which are skipped.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or already used.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> is null.</exception>
    public void AddSeries(string name, IEnumerable<(double X, double Y)> points) => Add(name, points, markersOnly: false);

    /// <summary>Adds a series drawn as one circle per point, without a line (events such as clipped steps); its points are copied.</summary>
    /// <param name="name">Legend entry: non-empty and unique within the chart.</param>
    /// <param name="points">(x, y) points; may be empty or contain non-finite values, which are skipped.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or already used.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> is null.</exception>
    public void AddMarkers(string name, IEnumerable<(double X, double Y)> points) => Add(name, points, markersOnly: true);

    private void Add(string name, IEnumerable<(double X, double Y)> points, bool markersOnly)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(points);
        if (_series.Exists(s => s.Name == name))
            throw new ArgumentException($"A series named '{name}' already exists.", nameof(name));
        _series.Add((name, points.ToArray(), markersOnly));
    }

    /// <summary>The chart as an SVG document.</summary>
    public XDocument ToSvg()
    {
        XNamespace ns = SvgNamespace;
        var series = _series.Select(s => (s.Name, Points: s.Points.Where(Drawable).ToArray(), s.MarkersOnly)).ToArray();
        var all = series.SelectMany(s => s.Points).ToArray();

        Axis x = Axis.Create(all.Select(p => p.X), logarithmic: false);
        Axis y = Axis.Create(all.Select(p => p.Y), LogScale);

        double left = MarginLeft, top = MarginTop;
        double plotWidth = Width - MarginLeft - MarginRight, plotHeight = Height - MarginTop - MarginBottom;
        double bottom = top + plotHeight, right = left + plotWidth;
        double Px(double v) => left + x.Fraction(v) * plotWidth;
        double Py(double v) => bottom - y.Fraction(v) * plotHeight;

        var svg = new XElement(ns + "svg",
            new XAttribute("width", Width), new XAttribute("height", Height),
            new XAttribute("viewBox", $"0 0 {Width} {Height}"),
            new XAttribute("font-family", "sans-serif"), new XAttribute("font-size", 12),
            new XElement(ns + "title", Title),
            new XElement(ns + "rect", new XAttribute("width", Width), new XAttribute("height", Height), new XAttribute("fill", "white")));

        var grid = new XElement(ns + "g", new XAttribute("class", "grid"), new XAttribute("stroke", "#e0e0e0"), new XAttribute("stroke-width", 1));
        var axes = new XElement(ns + "g", new XAttribute("class", "axes"), new XAttribute("stroke", "black"), new XAttribute("stroke-width", 1));
        var labels = new XElement(ns + "g", new XAttribute("class", "tick-labels"), new XAttribute("fill", "black"));
        foreach ((double value, string label) in x.Ticks())
        {
            string px = F(Px(value));
            grid.Add(Line(ns, px, F(top), px, F(bottom)));
            axes.Add(Line(ns, px, F(bottom), px, F(bottom + 5)));
            labels.Add(Text(ns, label, Px(value), bottom + 18, "middle"));
        }
        foreach ((double value, string label) in y.Ticks())
        {
            string py = F(Py(value));
            grid.Add(Line(ns, F(left), py, F(right), py));
            axes.Add(Line(ns, F(left - 5), py, F(left), py));
            labels.Add(Text(ns, label, left - 8, Py(value) + 4, "end"));
        }
        axes.Add(new XElement(ns + "rect",
            new XAttribute("x", F(left)), new XAttribute("y", F(top)),
            new XAttribute("width", F(plotWidth)), new XAttribute("height", F(plotHeight)), new XAttribute("fill", "none")));
        svg.Add(grid, axes, labels);

        var title = Text(ns, Title, Width / 2.0, 24, "middle");
        title.Add(new XAttribute("font-size", 15), new XAttribute("font-weight", "bold"));
        var yLabel = Text(ns, YLabel + (LogScale ? " (log scale)" : ""), 0, 0, "middle");
        yLabel.Add(new XAttribute("transform", $"translate(16 {F(top + plotHeight / 2)}) rotate(-90)"));
        svg.Add(title, Text(ns, XLabel, left + plotWidth / 2, Height - 12, "middle"), yLabel);

        var lines = new XElement(ns + "g", new XAttribute("class", "series"), new XAttribute("fill", "none"), new XAttribute("stroke-width", 1.5));
        for (int i = 0; i < series.Length; i++)
        {
            (string name, (double X, double Y)[] points, bool markersOnly) = series[i];
            if (points.Length == 0)
                continue;
            string color = s_palette[i % s_palette.Length];
            if (markersOnly)
            {
                var markers = new XElement(ns + "g", new XAttribute("class", "markers"), new XAttribute("stroke", color), new XElement(ns + "title", name));
                foreach ((double px, double py) in points)
                    markers.Add(new XElement(ns + "circle", new XAttribute("cx", F(Px(px))), new XAttribute("cy", F(Py(py))),
                        new XAttribute("r", 3.5), new XAttribute("fill", "none")));
                lines.Add(markers);
                continue;
            }
            var coordinates = new StringBuilder();
            foreach ((double px, double py) in points)
                coordinates.Append(coordinates.Length == 0 ? "" : " ").Append(F(Px(px))).Append(',').Append(F(Py(py)));
            var group = new XElement(ns + "g", new XAttribute("stroke", color),
                new XElement(ns + "title", name),
                new XElement(ns + "polyline", new XAttribute("points", coordinates.ToString()), new XAttribute("stroke-linejoin", "round")));
            if (points.Length <= MarkerLimit)
            {
                foreach ((double px, double py) in points)
                    group.Add(new XElement(ns + "circle", new XAttribute("cx", F(Px(px))), new XAttribute("cy", F(Py(py))),
                        new XAttribute("r", 2.5), new XAttribute("fill", color)));
            }
            lines.Add(group);
        }
        svg.Add(lines);

        if (series.Length > 0)
        {
            const double RowHeight = 18, Swatch = 22;
            double longest = series.Max(s => s.Name.Length);
            double boxWidth = Swatch + 18 + longest * 7.2;
            double boxX = right - boxWidth - 8, boxY = top + 8;
            var legend = new XElement(ns + "g", new XAttribute("class", "legend"),
                new XElement(ns + "rect", new XAttribute("x", F(boxX)), new XAttribute("y", F(boxY)),
                    new XAttribute("width", F(boxWidth)), new XAttribute("height", F(RowHeight * series.Length + 8)),
                    new XAttribute("fill", "white"), new XAttribute("fill-opacity", 0.85), new XAttribute("stroke", "#999999")));
            for (int i = 0; i < series.Length; i++)
            {
                double rowY = boxY + 4 + RowHeight * (i + 0.5);
                var swatch = series[i].MarkersOnly
                    ? new XElement(ns + "circle", new XAttribute("cx", F(boxX + 6 + Swatch / 2)), new XAttribute("cy", F(rowY)),
                        new XAttribute("r", 3.5), new XAttribute("fill", "none"))
                    : Line(ns, F(boxX + 6), F(rowY), F(boxX + 6 + Swatch), F(rowY));
                swatch.Add(new XAttribute("stroke", s_palette[i % s_palette.Length]), new XAttribute("stroke-width", 2));
                legend.Add(swatch, Text(ns, series[i].Name, boxX + Swatch + 12, rowY + 4, "start"));
            }
            svg.Add(legend);
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), svg);
    }

    /// <summary>Writes the SVG to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    /// <param name="path">Destination; an existing file is replaced.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or names no file.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    /// <exception cref="IOException">Writing or renaming failed; any previous file is unchanged.</exception>
    public void Save(string path)
    {
        XDocument document = ToSvg();
        AtomicFile.Write(path, stream =>
        {
            var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, CloseOutput = false };
            using var writer = XmlWriter.Create(stream, settings);
            document.Save(writer);
        });
    }

    private bool Drawable((double X, double Y) p) =>
        double.IsFinite(p.X) && double.IsFinite(p.Y) && (!LogScale || p.Y > 0);

    private static XElement Line(XNamespace ns, string x1, string y1, string x2, string y2) =>
        new(ns + "line", new XAttribute("x1", x1), new XAttribute("y1", y1), new XAttribute("x2", x2), new XAttribute("y2", y2));

    private static XElement Text(XNamespace ns, string content, double x, double y, string anchor) =>
        new(ns + "text", new XAttribute("x", F(x)), new XAttribute("y", F(y)), new XAttribute("text-anchor", anchor), content);

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>One axis: its range (in log10 units when logarithmic) and ticks.</summary>
    private sealed class Axis
    {
        private readonly bool _log, _decades;
        private readonly double _lo, _hi, _step;

        // lo, hi: range in axis units (log10 of the value when logarithmic); step: in decades when decades is set,
        // else in value units.
        private Axis(bool log, bool decades, double lo, double hi, double step)
        {
            (_log, _decades, _lo, _hi, _step) = (log, decades, lo, hi, step);
        }

        public static Axis Create(IEnumerable<double> values, bool logarithmic)
        {
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            foreach (double v in values)
            {
                double u = logarithmic ? Math.Log10(v) : v;
                lo = Math.Min(lo, u);
                hi = Math.Max(hi, u);
            }
            if (lo > hi)
                (lo, hi) = logarithmic ? (-1.0, 1.0) : (0.0, 1.0);
            if (lo == hi)
            {
                double pad = logarithmic ? 0.5 : Math.Max(Math.Abs(lo) * 0.05, 0.5);
                (lo, hi) = (lo - pad, hi + pad);
            }

            if (!logarithmic)
            {
                double step = NiceStep((hi - lo) / TargetTicks);
                return new Axis(false, false, Math.Floor(lo / step) * step, Math.Ceiling(hi / step) * step, step);
            }
            if (hi - lo >= 1)
            {
                // Whole decades, several per tick when the range is wide.
                double decades = Math.Ceiling((hi - lo) / TargetTicks);
                return new Axis(true, true, Math.Floor(lo / decades) * decades, Math.Ceiling(hi / decades) * decades, decades);
            }
            // Under one decade: linear ticks in value space, placed logarithmically.
            double margin = (hi - lo) * 0.02;
            lo -= margin;
            hi += margin;
            return new Axis(true, false, lo, hi, NiceStep((Math.Pow(10, hi) - Math.Pow(10, lo)) / TargetTicks));
        }

        /// <summary>Position of <paramref name="value"/> along the axis, 0 at the low end and 1 at the high end.</summary>
        public double Fraction(double value) => ((_log ? Math.Log10(value) : value) - _lo) / (_hi - _lo);

        public IEnumerable<(double Value, string Label)> Ticks()
        {
            if (!_log)
            {
                int n = (int)Math.Round((_hi - _lo) / _step);
                for (int i = 0; i <= n; i++)
                {
                    double v = Snap(_lo + i * _step, _step);
                    yield return (v, Format(v, _step));
                }
            }
            else if (_decades)
            {
                int n = (int)Math.Round((_hi - _lo) / _step);
                for (int i = 0; i <= n; i++)
                {
                    double v = Math.Pow(10, _lo + i * _step);
                    yield return (v, v.ToString("G4", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                double first = Math.Ceiling(Math.Pow(10, _lo) / _step) * _step;
                for (int i = 0; ; i++)
                {
                    double v = Snap(first + i * _step, _step);
                    if (Math.Log10(v) > _hi + 1e-12)
                        break;
                    if (v > 0)
                        yield return (v, Format(v, _step));
                }
            }
        }

        /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="raw"/>.</summary>
        private static double NiceStep(double raw)
        {
            double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
            double m = raw / magnitude;
            return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * magnitude;
        }

        // Removes the rounding residue of lo + i·step so that labels do not show "-0" or trailing digits.
        private static double Snap(double v, double step) => Math.Abs(v) < step * 1e-9 ? 0 : v;

        private static string Format(double v, double step)
        {
            if (v == 0)
                return "0";
            if (step >= 1e-4 && Math.Abs(v) < 1e7)
            {
                int decimals = Math.Clamp((int)-Math.Floor(Math.Log10(step) + 1e-9), 0, 10);
                return v.ToString("F" + decimals, CultureInfo.InvariantCulture);
            }
            return v.ToString("0.##E+0", CultureInfo.InvariantCulture);
        }
    }
}
