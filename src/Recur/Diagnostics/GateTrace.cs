namespace Recur.Diagnostics;

/// <summary>The activations of one gate of every unit over a text.</summary>
/// <param name="Name">The gate: <c>input</c>, <c>forget</c> or <c>output</c> (LSTM), <c>reset</c> or <c>update</c> (GRU).</param>
/// <param name="Values">[N, H] gate values in (0, 1), row i after reading token i.</param>
public sealed record GateTrace(string Name, float[] Values);
