using System.CommandLine;
using System.Text.Json;

namespace Recur.Cli.Commands;

/// <summary>Option values from a JSON config file, used where the command line does not give the option.</summary>
internal sealed class ConfigFile
{
    private readonly Dictionary<string, JsonElement> _values;
    private readonly string _path;

    private ConfigFile(string path, Dictionary<string, JsonElement> values)
    {
        _path = path;
        _values = values;
    }

    public static ConfigFile Load(string? path)
    {
        if (path is null) return new ConfigFile("", new Dictionary<string, JsonElement>());
        if (Directory.Exists(path)) throw new IOException($"{path}: is a directory, expected a JSON config file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such config file.");
        long length = new FileInfo(path).Length;
        if (length > MaxBytes) throw new InvalidDataException($"{path}: {length:N0} bytes is more than a config file may have ({MaxBytes:N0}).");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 16 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path}: a config file is one JSON object.");
            return new ConfigFile(path, doc.RootElement.EnumerateObject().ToDictionary(p => p.Name.TrimStart('-'), p => p.Value.Clone()));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {Recur.IO.JsonErrors.Message(e)}", e);
        }
    }

    /// <summary>The largest config file read (1 MiB).</summary>
    public const long MaxBytes = 1 << 20;

    public bool IsSet(ParseResult parse, Option option) =>
        parse.GetResult(option) is { Implicit: false } || _values.ContainsKey(option.Name.TrimStart('-'));

    public T Get<T>(ParseResult parse, Option<T> option)
    {
        if (parse.GetResult(option) is { Implicit: false } || !_values.TryGetValue(option.Name.TrimStart('-'), out var value))
            return parse.GetValue(option)!;
        try
        {
            return value.Deserialize<T>()!;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{_path}: option '{option.Name.TrimStart('-')}' has a value of the wrong type: {Recur.IO.JsonErrors.Message(e)}", e);
        }
    }
}
