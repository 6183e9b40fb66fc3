using System.Numerics;
using System.Text.Json;

namespace Recur.Tests.Optim;

/// <summary>
/// One file written by tools/make_optim_fixtures.py: provenance, the optimiser's resolved PyTorch options, and
/// per dtype (<c>float64</c>, <c>float32</c>) the arrays the tests replay.
/// </summary>
internal sealed class OptimFixture
{
    private readonly JsonElement _root;

    private OptimFixture(string name, JsonElement root)
    {
        Name = name;
        _root = root;
    }

    /// <summary>File name without extension.</summary>
    public string Name { get; }

    /// <summary>Loads Fixtures/optim/{name}.json from beside the test assembly.</summary>
    public static OptimFixture Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "optim", name + ".json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var fixture = new OptimFixture(name, doc.RootElement.Clone());
        Assert.Equal("tests/Recur.Tests/tools/make_optim_fixtures.py", fixture.Header("script").GetString());
        Assert.False(string.IsNullOrEmpty(fixture.Header("torch_version").GetString()), $"{name}: no torch version recorded.");
        fixture.Header("seed").GetInt64();
        return fixture;
    }

    /// <summary>A top-level field.</summary>
    public JsonElement Header(string field) => _root.GetProperty(field);

    /// <summary>The optimiser's hyperparameters as PyTorch resolved them (<c>optimizer.defaults</c>).</summary>
    public JsonElement Options => _root.GetProperty("options");

    /// <summary>A flat array of the given dtype's record, converted to T.</summary>
    public T[] Array<T>(string field) where T : INumberBase<T> => ToArray<T>(Record<T>().GetProperty(field));

    /// <summary>A list of arrays of the given dtype's record, converted to T.</summary>
    public T[][] Arrays<T>(string field) where T : INumberBase<T> =>
        Record<T>().GetProperty(field).EnumerateArray().Select(ToArray<T>).ToArray();

    /// <summary>A list of arrays as torch wrote them, for comparisons in double.</summary>
    public double[][] Expected<T>(string field) => Record<T>().GetProperty(field).EnumerateArray().Select(ToArray<double>).ToArray();

    /// <summary>A list of numbers as torch wrote them.</summary>
    public double[] Numbers<T>(string field) => ToArray<double>(Record<T>().GetProperty(field));

    private JsonElement Record<T>() => _root.GetProperty(typeof(T) == typeof(float) ? "float32" : "float64");

    // Each number is the exact value of a float64 or float32, so parsing then rounding to T is exact.
    private static T[] ToArray<T>(JsonElement a) where T : INumberBase<T> =>
        a.EnumerateArray().Select(e => T.CreateChecked(e.GetDouble())).ToArray();
}
