using Recur.Cells;
using Recur.Models;
using Recur.Text;
using Recur.Training;

namespace Recur.Benchmarks.Workloads.Networks;

/// <summary>
/// One training step of an LSTM language model on uniformly random token ids, through the public
/// <see cref="LanguageModelTrainer{T}.TrainStep"/>: forward, BPTT backward, clipping, optimiser update. Used by W1, W2 and W6.
/// </summary>
/// <remarks>
/// A few fixed batches are used in turn rather than one, so that the model cannot memorise a single batch and drive
/// its gradients towards subnormal numbers during a long run. Every batch starts from a zero state.
/// </remarks>
public sealed class LanguageModelStep
{
    /// <summary>Number of distinct random batches cycled through.</summary>
    public const int BatchCount = 4;

    private readonly TokenBatch[] _batches = new TokenBatch[BatchCount];
    private int _next;

    /// <summary>Builds the model (PyTorch initialisation), the trainer and the batches; all random draws use <paramref name="seed"/>.</summary>
    /// <param name="vocabulary">V.</param>
    /// <param name="embedding">E.</param>
    /// <param name="hidden">H of every layer.</param>
    /// <param name="layers">Number of LSTM layers.</param>
    /// <param name="steps">T, the sequence length.</param>
    /// <param name="batch">B.</param>
    /// <param name="train">Optimiser, learning rate and clipping.</param>
    /// <param name="seed">Seed of the weights and token ids.</param>
    public LanguageModelStep(int vocabulary, int embedding, int hidden, int layers, int steps, int batch, TrainOptions train, ulong seed)
    {
        Vocabulary = vocabulary;
        Embedding = embedding;
        Hidden = hidden;
        Layers = layers;
        Steps = steps;
        Batch = batch;
        Model = new LanguageModel<float>(new LanguageModelOptions(vocabulary)
        {
            Cell = CellKind.Lstm, EmbeddingSize = embedding, HiddenSize = hidden, NumLayers = layers,
        });
        Model.Reset(new Rng(seed));
        Trainer = new LanguageModelTrainer<float>(Model, train with { BatchSize = batch, SeqLen = steps, Seed = seed });

        // Each batch is a random stream of T+1 ids per sequence: inputs are ids 0..T−1, targets ids 1..T.
        var rng = new Rng(seed + 1);
        var stream = new int[(steps + 1) * batch];
        for (int k = 0; k < BatchCount; k++)
        {
            for (int i = 0; i < stream.Length; i++) stream[i] = rng.NextInt(vocabulary);
            var tokens = new TokenBatch();
            tokens.EnsureCapacity(steps, batch);
            stream.AsSpan(0, steps * batch).CopyTo(tokens.Inputs);
            stream.AsSpan(batch, steps * batch).CopyTo(tokens.Targets);
            tokens.LengthSpan.Fill(steps);
            tokens.CarriesState = false;
            _batches[k] = tokens;
        }
    }

    /// <summary>V.</summary>
    public int Vocabulary { get; }

    /// <summary>E.</summary>
    public int Embedding { get; }

    /// <summary>H.</summary>
    public int Hidden { get; }

    /// <summary>Number of layers.</summary>
    public int Layers { get; }

    /// <summary>T.</summary>
    public int Steps { get; }

    /// <summary>B.</summary>
    public int Batch { get; }

    /// <summary>Training tokens per step: B·T.</summary>
    public int TokensPerStep => Steps * Batch;

    /// <summary>The model.</summary>
    public LanguageModel<float> Model { get; }

    /// <summary>The trainer.</summary>
    public LanguageModelTrainer<float> Trainer { get; }

    /// <summary>Training FLOPs of one step (<see cref="NetworkFlops"/>).</summary>
    public double FlopsPerStep =>
        NetworkFlops.TrainingFactor * NetworkFlops.LstmLanguageModel(Vocabulary, Embedding, Hidden, Layers) * TokensPerStep;

    /// <summary>One training step on the next batch.</summary>
    public void Run()
    {
        Trainer.TrainStep(_batches[_next]);
        _next = (_next + 1) % BatchCount;
    }

    /// <summary>
    /// Runs the first step and measures the managed memory it left allocated (activation caches and other buffers
    /// that the model, the layers and the kernels keep for later steps), per training token.
    /// </summary>
    /// <remarks>Buffers that an earlier workload in the same process already created (kernel workspaces) are not counted again.</remarks>
    /// <returns>The workspace in bytes per token, and the time of the step in seconds (collections excluded).</returns>
    public (double WorkspaceBytesPerToken, double Seconds) FirstStep()
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        Run();
        double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        long after = GC.GetTotalMemory(forceFullCollection: true);
        return (Math.Max(0, after - before) / (double)TokensPerStep, seconds);
    }
}
