using Recur.Models;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary>
/// Runs the validation of an options record (training, model or sampling options) so that an error about a value set by
/// a command-line option starts with that option's name: "--hidden-size: hidden size must be positive, got -1."
/// </summary>
internal static class OptionCheck
{
    // A property of an options record (an ArgumentException's ParamName) → the option that sets it.
    private static readonly Dictionary<string, string> s_optionOf = new(StringComparer.Ordinal)
    {
        ["HiddenSize"] = "--hidden-size",
        ["NumLayers"] = "--layers",
        ["EmbeddingSize"] = "--embedding-size",
        ["WordEmbeddingSize"] = "--embedding-size",
        ["Dropout"] = "--dropout",
        ["RecurrentDropout"] = "--recurrent-dropout",
        ["WordDropout"] = "--word-dropout",
        ["CharEmbeddingSize"] = "--char-embedding-size",
        ["CharHiddenSize"] = "--char-hidden-size",
        ["MaxWordChars"] = "--max-word-chars",
        [nameof(TrainOptions.Epochs)] = "--epochs",
        [nameof(TrainOptions.TimeBudget)] = "--time-budget",
        [nameof(TrainOptions.BatchSize)] = "--batch-size",
        [nameof(TrainOptions.SeqLen)] = "--seq-len",
        [nameof(TrainOptions.Optimizer)] = "--optimizer",
        [nameof(TrainOptions.LearningRate)] = "--lr",
        [nameof(TrainOptions.Momentum)] = "--momentum",
        [nameof(TrainOptions.WeightDecay)] = "--weight-decay",
        [nameof(TrainOptions.LrDecay)] = "--lr-decay",
        [nameof(TrainOptions.DecayAfter)] = "--decay-after",
        [nameof(TrainOptions.ClipNorm)] = "--clip-norm",
        [nameof(TrainOptions.ClipValue)] = "--clip-value",
        [nameof(TrainOptions.InitRange)] = "--init-range",
        [nameof(TrainOptions.OnNonFinite)] = "--on-nonfinite",
        [nameof(TrainOptions.CheckpointInterval)] = "--checkpoint-every",
        [nameof(TrainOptions.CheckpointSteps)] = "--checkpoint-every",
        [nameof(SamplingOptions.Temperature)] = "--temperature",
        [nameof(SamplingOptions.TopK)] = "--top-k",
        [nameof(SamplingOptions.TopP)] = "--top-p",
    };

    /// <summary>
    /// Runs a validation (of training or model options), giving an error about a property set by an option the name of
    /// that option: "--hidden-size: hidden size must be positive, got -1."
    /// </summary>
    /// <exception cref="ArgumentException">The validation failed.</exception>
    public static void Run(Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e) when (e.ParamName is string name && s_optionOf.TryGetValue(name, out string? option))
        {
            string message = e.Message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal)
                ? e.Message[..^($" (Parameter '{name}')".Length)] : e.Message;
            throw new ArgumentException($"{option}: {char.ToLowerInvariant(message[0])}{message[1..]}", e);
        }
    }
}
