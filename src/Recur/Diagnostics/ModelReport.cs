using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Recur.IO;
using Recur.Training;

namespace Recur.Diagnostics;

/// <summary>
/// One self-contained HTML page about a language model reading a text, after Karpathy, Johnson and Fei-Fei (2015):
/// the text coloured by each token's probability under the model; the interpretable units found by
/// <see cref="UnitFinder"/>, each drawn over the text with the gates of the same unit (LSTM input, forget and output;
/// GRU reset and update); the gates' saturation; and charts such as the run's loss curves. Styles, charts and the
/// small script that draws the unit panels are inline: the page makes no network request.
/// </summary>
public sealed class ModelReport
{
    /// <summary>Number of probability classes: class k holds probabilities in [k/10, (k+1)/10).</summary>
    public const int ProbabilityClasses = 10;

    /// <summary>A gate below this is left-saturated (mostly closed), above 1 − this right-saturated.</summary>
    public const double SaturationMargin = 0.1;

    // Red (improbable) to green (probable), ColorBrewer's RdYlGn.
    private static readonly string[] s_probabilityColors =
        ["#a50026", "#d73027", "#f46d43", "#fdae61", "#fee08b", "#d9ef8b", "#a6d96a", "#66bd63", "#1a9850", "#006837"];

    private static readonly string[] s_gateColors = ["#1f77b4", "#d62728", "#2ca02c"];

    // 64 levels, one character each, so that a unit's activations over N tokens take N characters of the page.
    private const string Levels = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

    private readonly List<(string Caption, LossPlot Plot)> _charts = [];
    private readonly List<(string Label, string Value)> _facts = [];

    /// <summary>Creates a report of <paramref name="trace"/>; units are found with <see cref="TextFeatures"/>.</summary>
    /// <param name="title">Page title, e.g. the checkpoint's name.</param>
    /// <param name="trace">The model read over the text.</param>
    public ModelReport(string title, TextTrace trace)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(trace);
        Title = title;
        Trace = trace;
        Units = UnitFinder.BestPerFeature(trace, TextFeatures.Compute(trace.Tokens));
    }

    /// <summary>The page title.</summary>
    public string Title { get; }

    /// <summary>The model read over the text.</summary>
    public TextTrace Trace { get; }

    /// <summary>Each text feature's best unit, best first.</summary>
    public IReadOnlyList<UnitMatch> Units { get; }

    /// <summary>How many of <see cref="Units"/> (distinct units) get a panel over the text (default 6).</summary>
    public int UnitPanels { get; init; } = 6;

    /// <summary>Adds a line to the summary table (model, data, run).</summary>
    public void AddFact(string label, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ArgumentNullException.ThrowIfNull(value);
        _facts.Add((label, value));
    }

    /// <summary>Adds a chart, drawn inline at the end of the page.</summary>
    public void AddChart(string caption, LossPlot plot)
    {
        ArgumentNullException.ThrowIfNull(caption);
        ArgumentNullException.ThrowIfNull(plot);
        _charts.Add((caption, plot));
    }

    /// <summary>The probability class of <paramref name="p"/>: ⌊10p⌋, clamped to 0..9.</summary>
    public static int ProbabilityClass(double p) => double.IsNaN(p) ? 0 : Math.Clamp((int)Math.Floor(p * ProbabilityClasses), 0, ProbabilityClasses - 1);

    /// <summary>Writes the page to <paramref name="path"/> atomically (UTF-8).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string html = ToHtml();
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            writer.Write(html);
        });
    }

    /// <summary>The page.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(E(Title)).Append("</title>\n<style>\n").Append(Css()).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(E(Title)).Append("</h1>\n");
        Summary(html);
        Probabilities(html);
        UnitsSection(html);
        Saturation(html);
        Charts(html);
        Script(html);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private void Summary(StringBuilder html)
    {
        double loss = Trace.MeanLoss;
        html.Append("<table class=\"facts\">\n");
        foreach (var (label, value) in _facts) Row(html, label, value);
        Row(html, "tokens read", Trace.Count.ToString("N0", CultureInfo.InvariantCulture));
        Row(html, "mean loss", string.Create(CultureInfo.InvariantCulture,
            $"{loss:F4} nats per token (perplexity {Math.Exp(loss):F2}, {loss / Math.Log(2):F3} bits per token)"));
        html.Append("</table>\n");

        static void Row(StringBuilder html, string label, string value) =>
            html.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");
    }

    private void Probabilities(StringBuilder html)
    {
        html.Append("<h2>How probable each token was</h2>\n<p>Each token coloured by P(token | the tokens before it) under the model, read from a zero state after the start token; hover for the value.</p>\n");
        html.Append("<p class=\"legend\">");
        for (int k = 0; k < ProbabilityClasses; k++)
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"p{k}\">&nbsp;{k / 10.0:F1}–{(k + 1) / 10.0:F1}&nbsp;</span>");
        html.Append("</p>\n<div class=\"text\" id=\"probabilities\">");
        bool words = Words;
        for (int i = 0; i < Trace.Count; i++)
        {
            string token = Trace.Tokens[i];
            double p = Trace.Probabilities[i];
            string shown = token == "\n" ? "↵" : token;
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"p{ProbabilityClass(p)}\" title=\"P({E(token == "\n" ? "line break" : token)}) = {p:F4}\">")
                .Append(E(shown)).Append("</span>");
            if (token == "\n") html.Append('\n');
            else if (words) html.Append(' ');
        }
        html.Append("</div>\n");
    }

    private void UnitsSection(StringBuilder html)
    {
        html.Append("<h2>Interpretable units</h2>\n");
        if (Units.Count == 0)
        {
            html.Append("<p>No text feature varies over this text.</p>\n");
            return;
        }
        html.Append("<p>Every unit's activation over the text (hidden state h, and cell state c for LSTMs) is correlated with simple text features; the best unit of each feature:</p>\n");
        html.Append("<table class=\"units\">\n<tr><th>feature</th><th>what it is</th><th>layer</th><th>unit</th><th>state</th><th>r</th></tr>\n");
        foreach (var m in Units)
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(m.Feature.Name)}</td><td>{E(m.Feature.Description)}</td><td>{m.Layer}</td><td>{m.Unit}</td><td>{m.State}</td><td>{m.Correlation:+0.000;−0.000}</td></tr>\n");
        html.Append("</table>\n<p>The strongest of them over the text: blue below zero, red above (c scaled by its largest magnitude); the gates of the same unit from white (0) to green (1).</p>\n");
        html.Append("<div id=\"panels\"></div>\n");
    }

    private void Saturation(StringBuilder html)
    {
        var layers = Trace.Layers.Where(l => l.Gates.Count > 0).ToArray();
        if (layers.Length == 0) return;
        html.Append(CultureInfo.InvariantCulture,
            $"<h2>Gate saturation</h2>\n<p>One point per unit and gate: the fraction of tokens where the gate is below {SaturationMargin:F1} (left-saturated, x) and above {1 - SaturationMargin:F1} (right-saturated, y). Points near the diagonal's far end switch; a gate near (0, 1) is always open, near (1, 0) always closed.</p>\n");
        foreach (var layer in layers) html.Append(SaturationSvg(layer)).Append('\n');
    }

    private string SaturationSvg(LayerTrace layer)
    {
        const int Size = 300, Margin = 40;
        double plot = Size - 2 * Margin;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"saturation\" width=\"{Size + 110}\" height=\"{Size}\" viewBox=\"0 0 {Size + 110} {Size}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Size / 2}\" y=\"16\" text-anchor=\"middle\" font-weight=\"bold\">layer {layer.Layer}</text>");
        svg.Append(CultureInfo.InvariantCulture,
            $"<rect x=\"{Margin}\" y=\"{Margin}\" width=\"{plot}\" height=\"{plot}\" fill=\"none\" stroke=\"black\"/>");
        svg.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"{Margin}\" y1=\"{Margin}\" x2=\"{Margin + plot}\" y2=\"{Margin + plot}\" stroke=\"#ccc\"/>");
        for (int t = 0; t <= 4; t++)
        {
            double v = t / 4.0, x = Margin + v * plot, y = Margin + plot - v * plot;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:F1}\" y=\"{Margin + plot + 14}\" text-anchor=\"middle\">{v:0.##}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Margin - 6}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{v:0.##}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Size / 2}\" y=\"{Size - 6}\" text-anchor=\"middle\">fraction left-saturated</text>");
        svg.Append(CultureInfo.InvariantCulture,
            $"<text transform=\"translate(12 {Size / 2}) rotate(-90)\" text-anchor=\"middle\">fraction right-saturated</text>");
        int n = Trace.Count, h = layer.HiddenSize;
        for (int g = 0; g < layer.Gates.Count; g++)
        {
            var gate = layer.Gates[g];
            string color = s_gateColors[g % s_gateColors.Length];
            svg.Append(CultureInfo.InvariantCulture, $"<g fill=\"{color}\" fill-opacity=\"0.6\"><title>{E(gate.Name)} gate</title>");
            for (int j = 0; j < h; j++)
            {
                int left = 0, right = 0;
                for (int i = 0; i < n; i++)
                {
                    float v = gate.Values[i * h + j];
                    if (v < SaturationMargin) left++;
                    else if (v > 1 - SaturationMargin) right++;
                }
                double x = Margin + plot * left / n, y = Margin + plot - plot * right / n;
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x:F1}\" cy=\"{y:F1}\" r=\"2.5\"/>");
            }
            svg.Append("</g>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<circle cx=\"{Size + 10}\" cy=\"{Margin + 10 + 18 * g}\" r=\"4\" fill=\"{color}\"/><text x=\"{Size + 20}\" y=\"{Margin + 14 + 18 * g}\">{E(gate.Name)}</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private void Charts(StringBuilder html)
    {
        if (_charts.Count == 0) return;
        html.Append("<h2>Training</h2>\n");
        foreach (var (caption, plot) in _charts)
        {
            // Inline SVG in HTML needs no namespace declaration; without it the page names no URL at all.
            string svg = plot.ToSvg().Root!.ToString(System.Xml.Linq.SaveOptions.DisableFormatting)
                .Replace(" xmlns=\"http://www.w3.org/2000/svg\"", "", StringComparison.Ordinal);
            html.Append("<figure>").Append(svg).Append("<figcaption>").Append(E(caption)).Append("</figcaption></figure>\n");
        }
    }

    private void Script(StringBuilder html)
    {
        var panels = new List<object>();
        var seen = new HashSet<(int, int)>();
        foreach (var m in Units)
        {
            if (panels.Count == UnitPanels) break;
            if (!seen.Add((m.Layer, m.Unit))) continue;
            var layer = Trace.Layers[m.Layer];
            float[] state = m.State == "c" && layer.CellState is float[] c ? c : layer.Hidden;
            var rows = new List<object> { Row($"{m.State} of unit {m.Unit}", "signed", state, layer.HiddenSize, m.Unit, scale: true) };
            foreach (var gate in layer.Gates)
                rows.Add(Row($"{gate.Name} gate", "gate", gate.Values, layer.HiddenSize, m.Unit, scale: false));
            panels.Add(new
            {
                title = string.Create(CultureInfo.InvariantCulture,
                    $"layer {m.Layer}, unit {m.Unit} ({m.State}): {m.Feature.Name}, r = {m.Correlation:+0.00;−0.00}"),
                rows,
            });
        }
        var data = new { levels = Levels, words = Words, tokens = Trace.Tokens, panels };
        // The serializer escapes <, > and &, so the data cannot close the script element.
        string json = JsonSerializer.Serialize(data);
        html.Append("<script id=\"report-data\" type=\"application/json\">").Append(json).Append("</script>\n<script>\n").Append(Renderer).Append("</script>\n");
    }

    private static object Row(string label, string kind, float[] values, int width, int unit, bool scale)
    {
        int n = values.Length / width;
        double max = 1;
        if (scale)
        {
            max = 0;
            for (int i = 0; i < n; i++) max = Math.Max(max, Math.Abs(values[i * width + unit]));
            if (max == 0) max = 1;
        }
        var text = new StringBuilder(n);
        for (int i = 0; i < n; i++)
        {
            double v = values[i * width + unit] / max;
            // signed: [−1, 1] → 0..63; gate: [0, 1] → 0..63
            double u = kind == "signed" ? (v + 1) / 2 : v;
            text.Append(Levels[Math.Clamp((int)Math.Round(u * (Levels.Length - 1)), 0, Levels.Length - 1)]);
        }
        return new { label, kind, scale = max, values = text.ToString() };
    }

    // Word tokens are shown with spaces between them; characters (spaces included) as they are.
    private bool Words => Trace.Tokens.Any(t => t.Length > 1 && t != "\n");

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string Css()
    {
        var css = new StringBuilder("""
            body { font-family: sans-serif; margin: 24px auto; max-width: 1100px; color: #222; padding: 0 16px; }
            h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; }
            table { border-collapse: collapse; font-size: 13px; }
            th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
            .text { font-family: monospace; white-space: pre-wrap; line-height: 1.55; border: 1px solid #ccc; padding: 8px; font-size: 13px; }
            .panel { margin: 14px 0; } .panel h3 { font-size: 14px; margin: 4px 0; }
            .row-label { font-size: 12px; color: #555; margin-top: 6px; }
            .legend span { font-family: monospace; font-size: 11px; }
            figure { margin: 12px 0; } figcaption { font-size: 12px; color: #555; }

            """);
        for (int k = 0; k < ProbabilityClasses; k++)
            css.Append(CultureInfo.InvariantCulture, $".p{k} {{ background: {s_probabilityColors[k]}; color: {(k is <= 1 or >= 8 ? "#fff" : "#000")}; }}\n");
        return css.ToString();
    }

    // Draws the unit panels from the JSON data; marks the page as rendered (or the error) on the html element.
    private const string Renderer = """
        (function () {
          var root = document.documentElement;
          window.addEventListener('error', function (e) { root.setAttribute('data-error', String(e.message)); });
          var data = JSON.parse(document.getElementById('report-data').textContent);
          var host = document.getElementById('panels');
          function color(kind, u) {
            if (kind === 'gate') return 'rgba(44,160,44,' + u.toFixed(3) + ')';
            var v = 2 * u - 1;
            return v >= 0 ? 'rgba(214,39,40,' + v.toFixed(3) + ')' : 'rgba(31,119,180,' + (-v).toFixed(3) + ')';
          }
          var count = 0;
          if (host) data.panels.forEach(function (panel) {
            var div = document.createElement('div');
            div.className = 'panel';
            var title = document.createElement('h3');
            title.textContent = panel.title;
            div.appendChild(title);
            panel.rows.forEach(function (row) {
              var label = document.createElement('div');
              label.className = 'row-label';
              label.textContent = row.label;
              div.appendChild(label);
              var text = document.createElement('div');
              text.className = 'text';
              var last = data.levels.length - 1;
              for (var i = 0; i < data.tokens.length; i++) {
                var u = data.levels.indexOf(row.values.charAt(i)) / last;
                var value = row.kind === 'gate' ? u : (2 * u - 1) * row.scale;
                var span = document.createElement('span');
                var token = data.tokens[i];
                span.textContent = token === '\n' ? '\u21b5' : token;
                span.style.background = color(row.kind, u);
                span.title = row.label + ' = ' + value.toFixed(3);
                text.appendChild(span);
                if (token === '\n') text.appendChild(document.createTextNode('\n'));
                else if (data.words) text.appendChild(document.createTextNode(' '));
              }
              div.appendChild(text);
            });
            host.appendChild(div);
            count++;
          });
          root.setAttribute('data-rendered', String(count));
        })();

        """;
}
