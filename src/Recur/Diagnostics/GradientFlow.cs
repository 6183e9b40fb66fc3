using System.Numerics;
using Recur.Models;

namespace Recur.Diagnostics;

/// <summary>
/// Measures how far back in time the gradient of a loss at the last step reaches: for real sequences, the loss of the
/// last step alone is backpropagated and ‖∂L_b/∂h⟨t⟩‖₂ (the gradient of each sequence's own loss, so the batch size does
/// not scale it) recorded for every layer, direction and step through <see cref="HiddenGradientProbe{T}"/>. A plain
/// RNN's norms fall geometrically with the distance (the vanishing gradient); gated cells keep them up.
/// </summary>
public static class GradientFlow
{
    /// <summary>
    /// A language model on <paramref name="sequences"/> windows of <paramref name="steps"/> tokens, evenly spaced over
    /// <paramref name="stream"/>; the loss is the cross-entropy of the token after each window, predicted at its last step.
    /// Each window starts from a zero state; no dropout.
    /// </summary>
    /// <param name="model">The model (trained or fresh); its parameter gradients are left zero.</param>
    /// <param name="stream">Token ids, at least steps + 1 of them.</param>
    /// <param name="steps">T, the window length.</param>
    /// <param name="sequences">How many windows.</param>
    /// <param name="label">The model's label in the result.</param>
    /// <param name="batchSize">Windows per forward pass.</param>
    /// <exception cref="ArgumentException">The stream is too short or a count is not positive.</exception>
    public static GradientFlowResult Measure<T>(LanguageModel<T> model, IReadOnlyList<int> stream, int steps, int sequences, string label,
        int batchSize = 32) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequences);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (stream.Count < steps + 1)
            throw new ArgumentException($"The text has {stream.Count} tokens; a window of {steps} needs at least {steps + 1}.", nameof(stream));
        using var probe = new HiddenGradientProbe<T>(model.Rnn);
        var sums = new Sums(probe.Parts, steps);
        int span = stream.Count - steps - 1;
        for (int first = 0; first < sequences; first += batchSize)
        {
            int batch = Math.Min(batchSize, sequences - first);
            var inputs = new int[steps * batch];
            var targets = new int[steps * batch];
            Array.Fill(targets, -100);
            for (int b = 0; b < batch; b++)
            {
                long offset = sequences == 1 ? 0 : (long)span * (first + b) / (sequences - 1);
                for (int t = 0; t < steps; t++) inputs[t * batch + b] = stream[(int)offset + t];
                targets[(steps - 1) * batch + b] = stream[(int)offset + steps];
            }
            probe.Prepare(steps, batch);
            model.Forward(steps, batch, inputs, targets, default, carryState: false, dropoutRng: null);
            model.Store.ZeroGradients();
            model.Backward();
            // The loss is the mean over the batch's targets, so each sequence's own gradient is B times the captured one.
            var lengths = Enumerable.Repeat(steps, batch).ToArray();
            sums.Add(probe, batch, lengths, scale: batch);
        }
        model.Store.ZeroGradients();
        return sums.Result(label, sequences);
    }

    /// <summary>
    /// A classifier on labelled texts; the loss is its cross-entropy, which enters at each text's last step (and, for
    /// the reverse direction of a bidirectional encoder, at step 0) when it pools the final states. No dropout.
    /// </summary>
    /// <param name="model">The model (trained or fresh); its parameter gradients are left zero.</param>
    /// <param name="examples">The texts; unlabelled ones are skipped.</param>
    /// <param name="label">The model's label in the result.</param>
    /// <param name="batchSize">Texts per forward pass.</param>
    /// <exception cref="ArgumentException">No text is labelled.</exception>
    public static GradientFlowResult Measure<T>(Classifier<T> model, IReadOnlyList<ClassificationExample> examples, string label,
        int batchSize = 32) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var labelled = examples.Where(e => e.Label != ClassificationBatch.IgnoreLabel && e.Tokens.Length > 0).ToArray();
        if (labelled.Length == 0) throw new ArgumentException("No text is labelled and non-empty.", nameof(examples));
        int longest = labelled.Max(e => e.Tokens.Length);
        using var probe = new HiddenGradientProbe<T>(model.Rnn);
        var sums = new Sums(probe.Parts, longest);
        var source = new ClassificationBatchSource(labelled, batchSize, seed: null, bucketByLength: false);
        var batch = new ClassificationBatch();
        source.StartEpoch(0);
        while (source.Next(batch))
        {
            probe.Prepare(batch.Steps, batch.Size);
            model.Forward(batch, null);
            model.Store.ZeroGradients();
            model.Backward();
            // Every text in the batch is labelled, so each one's own gradient is LabelCount times the captured one.
            sums.Add(probe, batch.Size, batch.LengthSpan.ToArray(), scale: batch.LabelCount);
        }
        model.Store.ZeroGradients();
        return sums.Result(label, labelled.Length);
    }

    /// <summary>Running sums of norms by layer, direction and distance.</summary>
    private sealed class Sums
    {
        private readonly List<(int Layer, int Direction)> _parts;
        private readonly double[][] _sums;
        private readonly long[][] _counts;

        public Sums(IEnumerable<(int Layer, int Direction)> parts, int longest)
        {
            _parts = parts.ToList();
            _sums = _parts.Select(_ => new double[longest]).ToArray();
            _counts = _parts.Select(_ => new long[longest]).ToArray();
        }

        public void Add<T>(HiddenGradientProbe<T> probe, int batch, int[] lengths, double scale)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            for (int p = 0; p < _parts.Count; p++)
            {
                var (layer, direction) = _parts[p];
                for (int b = 0; b < batch; b++)
                {
                    int length = lengths[b];
                    for (int t = 0; t < length; t++)
                    {
                        int k = direction == 0 ? length - 1 - t : t;
                        _sums[p][k] += scale * probe.Norm(layer, direction, t, b);
                        _counts[p][k]++;
                    }
                }
            }
        }

        public GradientFlowResult Result(string label, int sequences)
        {
            var series = new List<GradientFlowSeries>();
            for (int p = 0; p < _parts.Count; p++)
            {
                var mean = new double[_sums[p].Length];
                for (int k = 0; k < mean.Length; k++) mean[k] = _counts[p][k] == 0 ? double.NaN : _sums[p][k] / _counts[p][k];
                series.Add(new GradientFlowSeries(_parts[p].Layer, _parts[p].Direction, mean, _counts[p]));
            }
            return new GradientFlowResult(label, series, sequences);
        }
    }
}
