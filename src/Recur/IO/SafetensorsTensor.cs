namespace Recur.IO;

/// <summary>A float32 tensor to write with <see cref="SafetensorsWriter"/>.</summary>
/// <param name="Name">Its name, non-empty and not <c>__metadata__</c>.</param>
/// <param name="Shape">Row-major dimensions, each ≥ 0; empty for a scalar.</param>
/// <param name="Data">Row-major values, as many as the product of <paramref name="Shape"/>; written bit for bit.</param>
public sealed record SafetensorsTensor(string Name, int[] Shape, ReadOnlyMemory<float> Data);
