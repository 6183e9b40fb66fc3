using Recur.Cells;
using Recur.Kernels;
using Recur.Layers;
using Recur.Optim;
using Recur.Training;

namespace Recur.Benchmarks.Workloads.Networks;

/// <summary>
/// W3 tagger-train: one training step of a sequence tagger, vocabulary 20000, embedding 100, one bidirectional GRU
/// layer (reset gate after the matmul, PyTorch's form) of 128 per direction, linear 256→17 on every step, mean
/// cross-entropy, seq 40, batch 32, Adam 1e-3, no clipping. Built from <see cref="Embedding{T}"/>,
/// <see cref="Stacked{T}"/>, <see cref="Linear{T}"/>, <see cref="SoftmaxCrossEntropy{T}"/> and <see cref="Adam{T}"/>.
/// </summary>
public sealed class W3TaggerTrainWorkload : INetworkWorkload
{
    /// <summary>Seed of the weights, token ids and tags.</summary>
    public const ulong Seed = 3;

    private const int Vocabulary = 20000, EmbeddingSize = 100, Hidden = 128, Tags = 17, Steps = 40, Batch = 32;

    /// <inheritdoc/>
    public string Name => "W3";

    /// <inheritdoc/>
    public IEnumerable<NetworkMeasurement> Run(int threads, BenchOptions options)
    {
        if (!options.Includes(Name)) yield break;
        double peak = PeakWorkload.Gflops(threads);
        int saved = KernelThreads.Count;
        KernelThreads.Count = threads;
        try
        {
            var tagger = new Tagger();
            var seconds = NetworkTiming.Seconds(tagger.Step, samples: 7, minSampleSeconds: 0.2);
            int tokens = Steps * Batch;
            // Per direction 2·3H·(D+H) per token, plus the 2H→17 decoder.
            double flops = NetworkFlops.TrainingFactor * tokens *
                (2 * NetworkFlops.Cell(3, EmbeddingSize, Hidden) + NetworkFlops.Linear(2 * Hidden, Tags));
            yield return NetworkMeasurement.FromCall(Name, threads, tokens, flops, seconds, peak);
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    private sealed class Tagger
    {
        private readonly ParameterStore<float> _store = new();
        private readonly Embedding<float> _embedding;
        private readonly Stacked<float> _rnn;
        private readonly Linear<float> _decoder;
        private readonly SoftmaxCrossEntropy<float> _loss = new();
        private readonly Adam<float> _adam;
        private readonly int[] _ids = new int[Steps * Batch], _tags = new int[Steps * Batch];
        private readonly float[] _embedded = new float[Steps * Batch * EmbeddingSize], _dEmbedded = new float[Steps * Batch * EmbeddingSize];
        private readonly float[] _hidden = new float[Steps * Batch * 2 * Hidden], _dHidden = new float[Steps * Batch * 2 * Hidden];
        private readonly float[] _logits = new float[Steps * Batch * Tags], _dLogits = new float[Steps * Batch * Tags];

        public Tagger()
        {
            _embedding = new Embedding<float>(_store, "embedding.", Vocabulary, EmbeddingSize);
            _rnn = new Stacked<float>(_store, new RecurrentOptions(CellKind.GruResetAfter, EmbeddingSize, Hidden) { Bidirectional = true }, "rnn.");
            _decoder = new Linear<float>(_store, "decoder.", 2 * Hidden, Tags);
            _adam = new Adam<float>(_store.Count, new AdamOptions { LearningRate = 1e-3 });
            var rng = new Rng(Seed);
            _embedding.Reset(rng);
            _rnn.Reset(rng);
            _decoder.Reset(rng);
            for (int i = 0; i < _ids.Length; i++) _ids[i] = rng.NextInt(Vocabulary);
            for (int i = 0; i < _tags.Length; i++) _tags[i] = rng.NextInt(Tags);
        }

        // x [T,B] ids → e [T,B,E] → a [T,B,2H] → z [T,B,17];  L = mean CE(z, tags)
        public void Step()
        {
            int rows = Steps * Batch;
            _store.ZeroGradients();
            _embedding.Forward(_ids, _embedded);
            _rnn.Forward(Steps, Batch, default, _embedded, default, default, _hidden, default, default);
            _decoder.Forward(rows, _hidden, _logits);
            _loss.Compute(rows, Tags, _logits, _tags, _dLogits);
            _decoder.Backward(rows, _hidden, _dLogits, _dHidden);
            _rnn.Backward(_embedded, _dHidden, default, default, _dEmbedded, default, default);
            _embedding.Backward(_ids, _dEmbedded);
            _adam.Step(_store);
        }
    }
}
