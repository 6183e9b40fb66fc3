namespace Recur.Diagnostics;

/// <summary>A hidden unit whose activation over a text follows a <see cref="TextFeature"/>.</summary>
/// <param name="Feature">The feature.</param>
/// <param name="Layer">Layer index.</param>
/// <param name="Unit">Unit index within the layer, 0..H−1.</param>
/// <param name="State"><c>h</c> (hidden state) or <c>c</c> (LSTM cell state).</param>
/// <param name="Correlation">Pearson's r between the unit's activation and the feature over the text.</param>
public sealed record UnitMatch(TextFeature Feature, int Layer, int Unit, string State, double Correlation);
