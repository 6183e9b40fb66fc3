namespace Recur.Metrics;

/// <summary>The frame NLL of a set of sequences (see <see cref="FrameNll"/>).</summary>
/// <param name="Nll">Mean negative log-likelihood per predicted frame, in nats.</param>
/// <param name="Frames">Predicted frames: Σ (T − 1) over the sequences.</param>
/// <param name="Sequences">Sequences with at least one predicted frame.</param>
public sealed record FrameNllResult(double Nll, long Frames, int Sequences);
