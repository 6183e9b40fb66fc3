using System.Numerics;
using Recur.Metrics;

namespace Recur.Models;

/// <summary>The frame NLL of a <see cref="MusicModel{T}"/> on a set of sequences (see <see cref="FrameNll"/>).</summary>
public static class MusicEvaluation
{
    /// <summary>
    /// Mean NLL per predicted frame over <paramref name="rolls"/>: each sequence from a zero state, frame t predicted from
    /// frames 1…t−1 for t = 2…T, every frame's NLL summed in double and divided by the number of predicted frames.
    /// </summary>
    /// <param name="model">The model (dropout off).</param>
    /// <param name="rolls">The sequences; those of fewer than two frames predict nothing and are left out.</param>
    /// <param name="batchSize">Sequences per forward pass (does not change the result).</param>
    /// <exception cref="ArgumentException">No sequence has two frames, or one has a pitch outside the model's range.</exception>
    public static FrameNllResult Evaluate<T>(MusicModel<T> model, IReadOnlyList<PianoRoll> rolls, int batchSize = 32)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        var source = new MusicBatchSource(rolls, batchSize, model.Options.LowestPitch, model.PitchCount, seed: null);
        var batch = new PianoRollBatch();
        var nll = new FrameNll();
        int k = model.PitchCount;
        var target = new T[k];
        source.StartEpoch(0);
        while (source.Next(batch))
        {
            int size = batch.Size;
            model.Forward(batch, null);
            var logits = model.Logits;
            var frames = batch.FrameSpan;
            for (int t = 0; t < batch.Steps; t++)
                for (int b = 0; b < size; b++)
                {
                    if (t >= batch.Lengths[b]) continue;
                    var y = frames.Slice(((t + 1) * size + b) * k, k);
                    for (int i = 0; i < k; i++) target[i] = y[i] != 0 ? T.One : T.Zero;
                    nll.AddLogits(logits.Slice((t * size + b) * k, k), target);
                }
        }
        return new FrameNllResult(nll.Mean, nll.Frames, source.SequenceCount);
    }
}
