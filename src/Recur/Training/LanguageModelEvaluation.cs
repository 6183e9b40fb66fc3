using System.Numerics;
using Recur.Models;
using Recur.Text;

namespace Recur.Training;

/// <summary>
/// Loss and perplexity of a <see cref="LanguageModel{T}"/> on held-out text, without dropout and without changing the
/// weights (the model's carried state is overwritten).
/// </summary>
public static class LanguageModelEvaluation
{
    /// <summary>
    /// Window length of <see cref="Stream"/>. With one stream whose state is carried from window to window, the length
    /// does not change the result; a long window only makes the output layer's matrix product efficient.
    /// </summary>
    public const int StreamWindow = 256;

    /// <summary>Mean loss per predicted (non-padding) token over every batch of <paramref name="source"/>, from its epoch 0.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static EvaluationResult Evaluate<T>(LanguageModel<T> model, IBatchSource source) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        var batch = new TokenBatch();
        source.StartEpoch(0);
        double sum = 0;
        long tokens = 0;
        while (source.Next(batch))
        {
            int counted = batch.TargetCount;
            T loss = model.Forward(batch.Steps, batch.Size, batch.InputSpan, batch.TargetSpan, batch.LengthSpan, batch.CarriesState, null);
            sum += double.CreateChecked(loss) * counted;
            tokens += counted;
        }
        return new EvaluationResult(tokens == 0 ? double.NaN : sum / tokens, tokens);
    }

    /// <summary>
    /// The published word-level metric (Mikolov; Zaremba et al.'s PTB perplexity): the whole split read as ONE stream of
    /// ids (as <see cref="CorpusReader.ReadStream"/> gives it, <see cref="Vocabulary.Eos"/> after every line, so line
    /// ends are predicted and counted), the hidden state starting from zeros and carried across all windows, every
    /// token after the first predicted from everything before it: mean −log P(x⟨t⟩ | x⟨1⟩…x⟨t−1⟩) over t = 2…N.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="ids">The stream (at least 2 ids).</param>
    /// <exception cref="ArgumentException">The stream has fewer than 2 ids.</exception>
    public static EvaluationResult Stream<T>(LanguageModel<T> model, ReadOnlyMemory<int> ids) where T : unmanaged, IFloatingPointIeee754<T> =>
        Evaluate(model, StreamSource(ids));

    /// <summary>The batches <see cref="Stream"/> reads: one stream in windows of <see cref="StreamWindow"/>, state carried.</summary>
    /// <exception cref="ArgumentException">The stream has fewer than 2 ids.</exception>
    public static IBatchSource StreamSource(ReadOnlyMemory<int> ids) => new StreamBatchSource(new StreamBatcher(ids, 1, StreamWindow));
}
