using Recur.Cells;
using Recur.Kernels;
using Recur.Layers;
using Recur.Models;
using Recur.Training;

namespace Recur.Benchmarks.Workloads.Networks;

/// <summary>
/// W4 sample-step: generation latency of one token with batch 1, vocabulary 96, embedding 64, 2-layer LSTM 512:
/// embed → 2 cells → linear → softmax → draw, through <see cref="LanguageModel{T}.Forward"/> with the state carried
/// and <see cref="TokenSampler.Draw{T}"/>. The figure is the median of 2000 single steps. Also reports the bytes of
/// weights one token reads (every recurrent and decoder parameter, one embedding row) and the bandwidth that implies.
/// A second row, W4-half, runs the same model with its weight matrices in half precision
/// (<see cref="LanguageModel{T}.SetHalfPrecisionWeights"/>) and reports how far its next-token log-probabilities are
/// from the float model's.
/// </summary>
public sealed class W4SampleStepWorkload : INetworkWorkload
{
    /// <summary>Seed of the weights and of the draws.</summary>
    public const ulong Seed = 4;

    /// <summary>Timed steps.</summary>
    public const int TimedSteps = 2000;

    private const int Vocabulary = 96, EmbeddingSize = 64, Hidden = 512, Layers = 2;

    /// <inheritdoc/>
    public string Name => "W4";

    /// <inheritdoc/>
    public IEnumerable<NetworkMeasurement> Run(int threads, BenchOptions options)
    {
        if (!options.Includes(Name)) yield break;
        double peak = PeakWorkload.Gflops(threads);
        int saved = KernelThreads.Count;
        KernelThreads.Count = threads;
        try
        {
            var model = NewModel();
            var (seconds, weightBytes) = Measure(model);
            yield return Result(Name, threads, seconds, peak, weightBytes);

            // The same model with its weight matrices in half precision, and how far its next-token distributions are
            // from the float model's along one generated sequence.
            var half = NewModel();
            half.SetHalfPrecisionWeights(true);
            var (maxDiff, meanKl) = Agreement(model, half);
            var (halfSeconds, halfBytes) = Measure(half);
            yield return Result(HalfName, threads, halfSeconds, peak, halfBytes,
                new("max_abs_logprob_diff", maxDiff), new("mean_kl_float_half", meanKl));
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    /// <summary>Name of the half-precision row.</summary>
    public const string HalfName = "W4-half";

    /// <summary>Steps over which the half-precision model's distributions are compared with the float model's.</summary>
    public const int AgreementSteps = 500;

    private static LanguageModel<float> NewModel()
    {
        var model = new LanguageModel<float>(new LanguageModelOptions(Vocabulary)
        {
            Cell = CellKind.Lstm, EmbeddingSize = EmbeddingSize, HiddenSize = Hidden, NumLayers = Layers,
        });
        model.Reset(new Rng(Seed));
        return model;
    }

    private static ((double Median, double Best) Seconds, double WeightBytes) Measure(LanguageModel<float> model)
    {
        model.ResetState(1);
        var sampler = new TokenSampler(new SamplingOptions());
        var rng = new Rng(Seed + 1);
        int[] token = [0];
        void Step()
        {
            model.Forward(1, 1, token, default, default, carryState: true, dropoutRng: null);
            token[0] = sampler.Draw(model.Logits, rng);
        }

        var seconds = NetworkTiming.EachCall(Step, TimedSteps, warmCalls: 200);
        // Every recurrent and decoder weight matrix (2 bytes each in half precision), every bias, one embedding row.
        long matrices = model.Decoder.Store.Value(model.Decoder.Weight).Length;
        foreach (var layer in model.Rnn.Layers)
            if (layer is RecurrentLayer<float> recurrent)
                matrices += recurrent.Cell.Store.Value(recurrent.Cell.WeightIh).Length + recurrent.Cell.Store.Value(recurrent.Cell.WeightHh).Length;
        long others = model.Store.Count - (long)Vocabulary * EmbeddingSize + EmbeddingSize - matrices;
        double bytes = (model.HalfPrecisionWeights ? 2 : 4) * matrices + 4 * others;
        return (seconds, bytes);
    }

    private static NetworkMeasurement Result(string name, int threads, (double Median, double Best) seconds, double peak, double weightBytes,
        params KeyValuePair<string, double>[] more)
    {
        double flops = NetworkFlops.LstmLanguageModel(Vocabulary, EmbeddingSize, Hidden, Layers);
        KeyValuePair<string, double>[] extras =
            [new("weight_bytes_per_token", weightBytes), new("bandwidth_gb_per_s", weightBytes / seconds.Median / 1e9), .. more];
        return NetworkMeasurement.FromCall(name, threads, 1, flops, seconds, peak, extras);
    }

    // Feeds both models the tokens the float model samples; returns the largest |log p_float − log p_half| over every
    // token and step, and the mean KL(p_float ‖ p_half) per step, in nats.
    private static (double MaxDiff, double MeanKl) Agreement(LanguageModel<float> reference, LanguageModel<float> half)
    {
        reference.ResetState(1);
        half.ResetState(1);
        var sampler = new TokenSampler(new SamplingOptions());
        var rng = new Rng(Seed + 2);
        int[] token = [0];
        var lp = new float[Vocabulary];
        var lq = new float[Vocabulary];
        double maxDiff = 0, kl = 0;
        for (int step = 0; step < AgreementSteps; step++)
        {
            reference.Forward(1, 1, token, default, default, carryState: true, dropoutRng: null);
            half.Forward(1, 1, token, default, default, carryState: true, dropoutRng: null);
            Activations.LogSoftmax<float>(reference.Logits, lp);
            Activations.LogSoftmax<float>(half.Logits, lq);
            for (int v = 0; v < Vocabulary; v++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs((double)lp[v] - lq[v]));
                kl += Math.Exp(lp[v]) * ((double)lp[v] - lq[v]);
            }
            token[0] = sampler.Draw(reference.Logits, rng);
        }
        return (maxDiff, kl / AgreementSteps);
    }
}
