namespace Recur.Diagnostics;

/// <summary>A simple property of a text at each token, for finding hidden units that track it (see <see cref="TextFeatures"/>).</summary>
/// <param name="Name">Short name, e.g. <c>inside quotes</c>.</param>
/// <param name="Description">What the value is.</param>
/// <param name="Values">[N] the value after reading token i.</param>
public sealed record TextFeature(string Name, string Description, double[] Values);
