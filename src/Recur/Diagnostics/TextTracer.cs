using System.Numerics;
using System.Numerics.Tensors;
using Recur.Cells;
using Recur.Kernels;
using Recur.Layers;
using Recur.Models;
using Recur.Text;

namespace Recur.Diagnostics;

/// <summary>
/// Reads a text with a language model one token at a time, from a zero state and the start token &lt;eos&gt;, keeping
/// what its layers did: hidden and cell states and gate activations after every token, and the probability of every
/// token given the ones before. It runs each layer's cell step by step through <see cref="RecurrentCell{T}.Forward"/>,
/// whose gate buffer holds the activations afterwards, so the layers need no hook.
/// </summary>
public static class TextTracer
{
    /// <summary>Tokenises <paramref name="lines"/> as the model's vocabulary does, &lt;eos&gt; after each line, and reads
    /// at most <paramref name="maxTokens"/> tokens.</summary>
    /// <param name="model">A one-direction language model (every <c>recur train</c> model).</param>
    /// <param name="vocabulary">Its vocabulary.</param>
    /// <param name="lines">The text's lines, without line breaks.</param>
    /// <param name="maxTokens">The most tokens to read.</param>
    /// <exception cref="ArgumentException">The text has no tokens.</exception>
    public static TextTrace Trace<T>(LanguageModel<T> model, Vocabulary vocabulary, IEnumerable<string> lines, int maxTokens)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens);
        var tokens = new List<string>();
        var ids = new List<int>();
        foreach (string line in lines)
        {
            foreach (string token in Tokenizer.Split(line, vocabulary.Level, vocabulary.LowerCase))
            {
                if (tokens.Count == maxTokens) break;
                tokens.Add(token);
                ids.Add(vocabulary.Id(token));
            }
            if (tokens.Count == maxTokens) break;
            tokens.Add("\n");
            ids.Add(Vocabulary.EosId);
        }
        if (tokens.Count == 0) throw new ArgumentException("The text holds no tokens.", nameof(lines));
        return Trace(model, ids.ToArray(), tokens);
    }

    /// <summary>Reads token ids after the start token &lt;eos&gt;.</summary>
    /// <param name="model">A one-direction language model.</param>
    /// <param name="ids">[N] token ids.</param>
    /// <param name="tokens">[N] the same tokens as text.</param>
    /// <exception cref="ArgumentException">The model is bidirectional, the lengths differ, or an id is outside the vocabulary.</exception>
    public static TextTrace Trace<T>(LanguageModel<T> model, int[] ids, IReadOnlyList<string> tokens)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(tokens);
        if (ids.Length != tokens.Count) throw new ArgumentException($"{ids.Length} ids but {tokens.Count} tokens.", nameof(tokens));
        if (ids.Length == 0) throw new ArgumentException("There are no tokens to read.", nameof(ids));
        if (model.Rnn.Directions != 1) throw new ArgumentException("Only a one-direction model reads a text left to right.", nameof(model));
        foreach (int id in ids)
            if ((uint)id >= (uint)model.VocabularySize) throw new ArgumentException($"Token id {id} is outside the vocabulary.", nameof(ids));

        // Steps 0..N: the start token, then every token; step i+1's state is the one after token i.
        int n = ids.Length, steps = n + 1;
        var inputs = new int[steps];
        inputs[0] = Vocabulary.EosId;
        ids.CopyTo(inputs, 1);
        var x = new T[steps * model.Options.EmbeddingSize];
        model.Embedding.Forward(inputs, x);

        var layers = new List<LayerTrace>();
        ReadOnlySpan<T> input = x;
        int l = 0;
        T[] h = [];
        foreach (var cell in model.Rnn.Cells)
        {
            h = RunLayer(cell, steps, input, out var trace, l++);
            layers.Add(trace);
            input = h;
        }

        // P(token i) from the state after token i − 1 (the start token for i = 0).
        int v = model.VocabularySize;
        var logits = new T[steps * v];
        model.Decoder.Forward(steps, h, logits);
        var probabilities = new double[n];
        for (int i = 0; i < n; i++)
        {
            var z = logits.AsSpan(i * v, v);
            double lse = Activations.LogSumExp(z);
            probabilities[i] = Math.Exp(double.CreateChecked(z[ids[i]]) - lse);
        }
        return new TextTrace(tokens.ToArray(), ids.ToArray(), probabilities, layers);
    }

    // x [S, D] → h [S, H]; row 0 (the start token) is dropped from the trace.
    private static T[] RunLayer<T>(RecurrentCell<T> cell, int steps, ReadOnlySpan<T> x, out LayerTrace trace, int layer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = cell.InputSize, hs = cell.HiddenSize, g = cell.GateWidth, e = cell.ExtraWidth;
        var store = cell.Store;
        // gates = x·W_ihᵀ + b_ih for every step, as RecurrentLayer does before the recurrence      [S, G]
        var gates = new T[steps * g];
        Gemm.MultiplyNT(steps, g, d, x, d, store.Value(cell.WeightIh), d, gates, g);
        if (cell.BiasIh is not null)
            for (int s = 0; s < steps; s++) TensorPrimitives.Add(gates.AsSpan(s * g, g), store.Value(cell.BiasIh), gates.AsSpan(s * g, g));
        var extra = new T[Math.Max(1, steps * e)];
        var h = new T[steps * hs];
        var c = cell.HasCellState ? new T[steps * hs] : [];
        var zero = new T[hs];
        for (int s = 0; s < steps; s++)
        {
            ReadOnlySpan<T> hPrev = s == 0 ? zero : h.AsSpan((s - 1) * hs, hs);
            ReadOnlySpan<T> cPrev = !cell.HasCellState ? default : s == 0 ? zero : c.AsSpan((s - 1) * hs, hs);
            var step = new CellStep<T>(gates.AsSpan(s * g, g), e == 0 ? default : extra.AsSpan(s * e, e), hPrev, hPrev, cPrev,
                h.AsSpan(s * hs, hs), cell.HasCellState ? c.AsSpan(s * hs, hs) : default);
            cell.Forward(1, step);
        }

        var gateTraces = new List<GateTrace>();
        foreach (var (name, block) in GateBlocks(cell.Kind))
        {
            var values = new float[(steps - 1) * hs];
            for (int s = 1; s < steps; s++)
                for (int j = 0; j < hs; j++) values[(s - 1) * hs + j] = float.CreateTruncating(gates[s * g + block * hs + j]);
            gateTraces.Add(new GateTrace(name, values));
        }
        trace = new LayerTrace(layer, cell.Kind, hs, Rows(h, hs), cell.HasCellState ? Rows(c, hs) : null, gateTraces);
        return h;
    }

    /// <summary>The gate blocks of each form, by position in the gate buffer (PyTorch's order).</summary>
    private static (string Name, int Block)[] GateBlocks(CellKind kind) => kind switch
    {
        CellKind.Lstm or CellKind.LstmPeephole => [("input", 0), ("forget", 1), ("output", 3)],
        CellKind.Gru or CellKind.GruResetAfter => [("reset", 0), ("update", 1)],
        CellKind.GruSimple => [("update", 0)],
        _ => [],
    };

    // Rows 1..S−1 as float: the state after each token, without the start token's.
    private static float[] Rows<T>(T[] all, int width) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rows = new float[all.Length - width];
        for (int i = 0; i < rows.Length; i++) rows[i] = float.CreateTruncating(all[width + i]);
        return rows;
    }
}
