namespace Recur.Layers;

/// <summary>A named tensor inside a <see cref="ParameterStore{T}"/>: its offset, length and row-major shape.</summary>
/// <param name="Name">State-dict style name, e.g. <c>rnn.weight_ih_l0</c>.</param>
/// <param name="Offset">First element in the store's buffers.</param>
/// <param name="Shape">Row-major shape; the length is the product of its dimensions.</param>
public sealed record ParameterSlot(string Name, int Offset, int[] Shape)
{
    /// <summary>Number of elements.</summary>
    public int Length { get; } = Shape.Aggregate(1, (p, d) => checked(p * d));

    /// <summary>The shape as text, e.g. <c>[1024, 256]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
