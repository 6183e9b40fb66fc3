using Microsoft.ML.OnnxRuntime;

namespace Recur.Tests.IO.Onnx;

/// <summary>Runs an ONNX file in ONNX Runtime (CPU) and returns its float outputs.</summary>
public static class OnnxRun
{
    /// <summary>ONNX Runtime's float32 results against Recur's: |a − e| ≤ absolute + relative·|e| element by element (the bound).</summary>
    public const double Relative = 1e-5, Absolute = 1e-5;

    /// <summary>One input: its name, values (float[], long[] or int[]) and shape.</summary>
    public sealed record Input(string Name, Array Values, long[] Shape);

    /// <summary>One output: its values and shape.</summary>
    public sealed record Output(float[] Values, long[] Shape);

    /// <summary>Loads <paramref name="path"/>, feeds <paramref name="inputs"/> and returns every output by name.</summary>
    public static Dictionary<string, Output> Run(string path, params Input[] inputs)
    {
        using var options = Options();
        using var session = new InferenceSession(path, options);
        var values = inputs.Select(i => i.Values switch
        {
            float[] f => OrtValue.CreateTensorValueFromMemory(f, i.Shape),
            long[] l => OrtValue.CreateTensorValueFromMemory(l, i.Shape),
            int[] n => OrtValue.CreateTensorValueFromMemory(n, i.Shape),
            _ => throw new ArgumentException($"Unsupported input type {i.Values.GetType().Name}.", nameof(inputs)),
        }).ToList();
        try
        {
            var names = session.OutputMetadata.Keys.ToArray();
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, inputs.Select(i => i.Name).ToArray(), values, names);
            var outputs = new Dictionary<string, Output>(StringComparer.Ordinal);
            int k = 0;
            foreach (var result in results)
                outputs.Add(names[k++], new Output(result.GetTensorDataAsSpan<float>().ToArray(), result.GetTensorTypeAndShape().Shape));
            return outputs;
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    /// <summary>The names of the inputs a caller must feed, and of those with defaults (overridable initializers).</summary>
    public static (string[] Required, string[] Optional) InputNames(string path)
    {
        using var options = Options();
        using var session = new InferenceSession(path, options);
        return (session.InputMetadata.Keys.Order(StringComparer.Ordinal).ToArray(),
            session.OverridableInitializerMetadata.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    // One thread (the machine has two, shared with the test runner); errors only, as the optional state inputs make
    // ONNX Runtime warn on every load that an initializer that is also an input is not folded as a constant.
    private static SessionOptions Options() => new()
    {
        IntraOpNumThreads = 1, InterOpNumThreads = 1, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
    };

    /// <summary>Ints widened to int64 (token ids).</summary>
    public static long[] Longs(ReadOnlySpan<int> values)
    {
        var result = new long[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }
}
