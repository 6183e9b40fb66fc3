namespace Recur.Benchmarks.Workloads.Networks;

/// <summary>
/// FLOP counts that GFLOP/s figures of the network workloads are based on (an FMA counts as 2), as
/// <c>shared/bench/WORKLOADS.md</c> defines them. bench/pytorch/workloads.py uses the same formulas.
/// </summary>
/// <remarks>
/// Training counts <see cref="TrainingFactor"/> × the forward FLOPs of the recurrent layers and the decoder:
/// the forward product, the gradient with respect to the inputs and the gradient with respect to the weights are
/// each one product of the same size. Embedding look-ups, gate nonlinearities, the loss and the optimiser update
/// are not counted.
/// </remarks>
public static class NetworkFlops
{
    /// <summary>Training FLOPs over forward FLOPs.</summary>
    public const double TrainingFactor = 3.0;

    /// <summary>Forward FLOPs of one cell step for one token: 2·G·H·(D+H).</summary>
    /// <param name="gates">G: 4 for an LSTM, 3 for a GRU.</param>
    /// <param name="input">D.</param>
    /// <param name="hidden">H.</param>
    public static double Cell(int gates, int input, int hidden) => 2.0 * gates * hidden * (input + hidden);

    /// <summary>Forward FLOPs of a linear layer for one token: 2·I·O.</summary>
    public static double Linear(int input, int output) => 2.0 * input * output;

    /// <summary>Forward FLOPs per token of embedding → <paramref name="layers"/> LSTM layers → linear decoder.</summary>
    public static double LstmLanguageModel(int vocabulary, int embedding, int hidden, int layers)
    {
        double flops = Linear(hidden, vocabulary);
        for (int l = 0; l < layers; l++) flops += Cell(4, l == 0 ? embedding : hidden, hidden);
        return flops;
    }
}
