using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Recur.Cells;
using Recur.Diagnostics;
using Recur.Models;
using Recur.Tests.IO;
using Recur.Text;
using Recur.Training;

namespace Recur.Tests.Diagnostics;

public sealed class ModelReportTests
{
    private static readonly Regex s_span = new("<span class=\"p(\\d)\" title=\"P\\((.*?)\\) = ([0-9.]+)\">(.*?)</span>", RegexOptions.Singleline);

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.0999, 0)]
    [InlineData(0.1, 1)]
    [InlineData(0.55, 5)]
    [InlineData(0.9999, 9)]
    [InlineData(1.0, 9)]
    public void ProbabilityClass_Tenths(double p, int expected) => Assert.Equal(expected, ModelReport.ProbabilityClass(p));

    [Fact]
    public void ToHtml_CharacterModel_OneSpanPerCharacterWithItsProbabilityClass()
    {
        var (trace, report) = Build(CellKind.Lstm, ["First \"Citizen\" (of Rome):", "Speak, <speak> & go."]);
        string html = report.ToHtml();

        string text = Section(html, "<div class=\"text\" id=\"probabilities\">", "</div>");
        var spans = s_span.Matches(text);
        Assert.Equal(trace.Count, spans.Count);
        for (int i = 0; i < spans.Count; i++)
        {
            var m = spans[i];
            double p = trace.Probabilities[i];
            Assert.Equal(ModelReport.ProbabilityClass(p), int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            Assert.Equal(p, double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), 5e-5);
            string shown = System.Net.WebUtility.HtmlDecode(m.Groups[4].Value);
            Assert.Equal(trace.Tokens[i] == "\n" ? "↵" : trace.Tokens[i], shown);
        }
        // Nothing but the spans and line breaks: every character of the text is in a span.
        Assert.Equal("", s_span.Replace(text, "").Replace("\n", ""));
        // The text's own markup characters are escaped, in the spans and in the panel data.
        Assert.Contains(">&lt;</span>", text, StringComparison.Ordinal);
        Assert.Contains(">&amp;</span>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<speak>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_AnyReport_SelfContained()
    {
        var (_, report) = Build(CellKind.Gru, ["to be, or not to be", "that is the question"]);
        var plot = new LossPlot("Loss");
        plot.AddSeries("train", [(1, 2.0), (2, 1.5)]);
        report.AddChart("loss", plot);
        string html = report.ToHtml();

        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex("\\s(src|href)\\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("url(", html, StringComparison.Ordinal);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_UnitPanels_DataHoldsEachUnitAndItsGatesOverEveryToken()
    {
        var (trace, report) = Build(CellKind.Lstm, ["a (b) \"c\" d", "ee ff"], panels: 3);
        string html = report.ToHtml();

        string json = Section(html, "<script id=\"report-data\" type=\"application/json\">", "</script>");
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(trace.Tokens, root.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!));
        var panels = root.GetProperty("panels").EnumerateArray().ToArray();
        Assert.InRange(panels.Length, 1, 3);
        string levels = root.GetProperty("levels").GetString()!;
        foreach (var panel in panels)
        {
            var rows = panel.GetProperty("rows").EnumerateArray().ToArray();
            // The unit's state, then the input, forget and output gates of the same unit.
            Assert.Equal(4, rows.Length);
            Assert.EndsWith("output gate", rows[3].GetProperty("label").GetString());
            foreach (var row in rows)
            {
                string values = row.GetProperty("values").GetString()!;
                Assert.Equal(trace.Count, values.Length);
                Assert.All(values, c => Assert.Contains(c, levels));
            }
        }
        // Gate values round-trip through the 64 levels: the first unit's forget gate at token 0.
        var first = report.Units[0];
        var forget = trace.Layers[first.Layer].Gates[1].Values[first.Unit];
        char level = panels[0].GetProperty("rows")[2].GetProperty("values").GetString()![0];
        Assert.Equal(forget, levels.IndexOf(level) / (double)(levels.Length - 1), 1.0 / (levels.Length - 1));
    }

    [Fact]
    public void Save_WritesThePage()
    {
        using var dir = new TempDirectory();
        var (_, report) = Build(CellKind.RnnTanh, ["abc"]);
        string path = dir.File("r.html");
        report.Save(path);
        Assert.Equal(report.ToHtml(), File.ReadAllText(path));
        // A plain RNN has no gates: no saturation section.
        Assert.DoesNotContain("Gate saturation", File.ReadAllText(path));
    }

    private static (TextTrace Trace, ModelReport Report) Build(CellKind kind, string[] lines, int panels = 6)
    {
        var builder = new VocabularyBuilder(TokenLevel.Char, lowerCase: false);
        foreach (string line in lines) builder.Add(line);
        var vocabulary = builder.Build(int.MaxValue, 1);
        var model = new LanguageModel<float>(new LanguageModelOptions(vocabulary.Count) { Cell = kind, EmbeddingSize = 4, HiddenSize = 6 });
        model.Reset(new Rng(3));
        var trace = TextTracer.Trace(model, vocabulary, lines, 1000);
        return (trace, new ModelReport("test", trace) { UnitPanels = panels });
    }

    private static string Section(string html, string start, string end)
    {
        int from = html.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"no {start}");
        from += start.Length;
        int to = html.IndexOf(end, from, StringComparison.Ordinal);
        return html[from..to];
    }
}
