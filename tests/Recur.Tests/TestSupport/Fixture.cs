using System.Text.Json;

namespace Recur.Tests.TestSupport;

/// <summary>A committed JSON fixture: header fields plus named row-major tensors.</summary>
public sealed class Fixture
{
    private readonly JsonElement _root;
    private readonly Dictionary<string, (int[] Shape, double[] Data)> _tensors = new(StringComparer.Ordinal);

    private Fixture(JsonElement root)
    {
        _root = root;
        foreach (var t in root.GetProperty("tensors").EnumerateObject())
        {
            int[] shape = t.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            double[] data = t.Value.GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            _tensors[t.Name] = (shape, data);
        }
    }

    /// <summary>Folder of the fixtures copied beside the test assembly.</summary>
    public static string Folder(string sub) => Path.Combine(AppContext.BaseDirectory, "Fixtures", sub);

    /// <summary>Loads Fixtures/{sub}/{name}.</summary>
    public static Fixture Load(string sub, string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder(sub), name)));
        return new Fixture(doc.RootElement.Clone());
    }

    /// <summary>A header field.</summary>
    public JsonElement this[string field] => _root.GetProperty(field);

    /// <summary>True when the tensor exists.</summary>
    public bool Has(string name) => _tensors.ContainsKey(name);

    /// <summary>The tensor's values converted to T.</summary>
    public T[] Get<T>(string name) where T : System.Numerics.INumberBase<T> =>
        _tensors.TryGetValue(name, out var t)
            ? t.Data.Select(T.CreateChecked).ToArray()
            : throw new KeyNotFoundException($"Fixture has no tensor '{name}'.");

    /// <summary>The tensor's shape.</summary>
    public int[] Shape(string name) => _tensors[name].Shape;

    /// <summary>The tensor as integers (ids, targets).</summary>
    public int[] GetInts(string name) => _tensors[name].Data.Select(v => checked((int)v)).ToArray();
}
