using System.Numerics;
using Recur.Layers;
using Recur.Models;

namespace Recur.IO.Onnx;

/// <summary>
/// Writes Recur models as ONNX files (opset 17, IR 8) that any ONNX runtime can run, the recurrent layers as the standard
/// <c>RNN</c>, <c>GRU</c> and <c>LSTM</c> operators (one node per layer; weights converted to ONNX's gate order, GRU
/// <c>linear_before_reset</c> from the cell form, LSTM peepholes in <c>P</c>, both directions in one node). The simplified GRU
/// (<see cref="Cells.CellKind.GruSimple"/>), which no ONNX operator expresses, becomes a <c>Scan</c> over one cell step built
/// from elementary operators.
/// </summary>
/// <remarks>
/// <para>Conventions shared by every graph. Tensors are time-major, as in Recur: <c>tokens</c> int64 [seq, batch] and
/// <c>lengths</c> int32 [batch] (each in 0..seq), with dynamic axes named <c>seq</c> and <c>batch</c>, so a file runs on any
/// batch and sequence size. Sequence b is read for its first <c>lengths[b]</c> steps (the recurrent operators'
/// <c>sequence_lens</c>): padded steps leave its state unchanged, the reverse direction starts at its own last step, and
/// the recurrent outputs there are zero, exactly as in Recur, so even the logits at padded steps match Recur's (the output
/// layer's bias). Outputs are unnormalised logits: apply softmax for probabilities. Dropout is an identity at inference and
/// is not exported.</para>
/// <para>Initializers keep the PyTorch state_dict names where the layout is unchanged (<c>embedding.weight</c>,
/// <c>decoder.bias</c>); a transposed linear weight is <c>{name}_t</c>, and recurrent layer k has <c>{prefix}l{k}.W</c>, <c>.R</c>,
/// <c>.B</c>, <c>.P</c> in ONNX layout.</para>
/// </remarks>
public static class OnnxExporter
{
    /// <summary>Name of the token input, int64 [seq, batch].</summary>
    public const string Tokens = "tokens";

    /// <summary>Name of the length input, int32 [batch].</summary>
    public const string Lengths = "lengths";

    /// <summary>Name of the character input of a tagger with character features, int64 [char_seq, seq, batch].</summary>
    public const string Chars = "chars";

    /// <summary>Name of the per-word character count input of a tagger with character features, int32 [seq, batch].</summary>
    public const string CharLengths = "char_lengths";

    /// <summary>Name of the optional initial hidden state input, float [layers·directions, batch, hidden]; zeros when not fed.</summary>
    public const string InitialHidden = "h0";

    /// <summary>Name of the optional initial cell state input (LSTM), float [layers·directions, batch, hidden]; zeros when not fed.</summary>
    public const string InitialCell = "c0";

    /// <summary>Name of the input of a bare recurrent network, float [seq, batch, input].</summary>
    public const string Input = "x";

    /// <summary>Name of the logits output: [seq, batch, V or K] for the language model and the tagger, [batch, K] for the classifier.</summary>
    public const string Logits = "logits";

    /// <summary>Name of the output of a bare recurrent network, float [seq, batch, output].</summary>
    public const string Output = "y";

    /// <summary>Name of the final hidden state output, float [layers·directions, batch, hidden].</summary>
    public const string FinalHidden = "h_n";

    /// <summary>Name of the final cell state output (LSTM), float [layers·directions, batch, hidden].</summary>
    public const string FinalCell = "c_n";

    private const string Seq = "seq", Batch = "batch", CharSeq = "char_seq";

    /// <summary>
    /// Writes a language model. Inputs: <c>tokens</c>, <c>lengths</c>, and the optional <c>h0</c> (and <c>c0</c> for LSTMs)
    /// [layers, batch, hidden], which default to zeros (each is an input with a zero initializer of batch 1, broadcast to the
    /// batch). Outputs: <c>logits</c> [seq, batch, V] and the final states <c>h_n</c> (and <c>c_n</c>) [layers, batch, hidden],
    /// each sequence's state after its own last step: feed them back as <c>h0</c>, <c>c0</c> to continue step by step, as
    /// Recur does when sampling.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="path">Destination file, written to a temporary file first and then moved.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Export<T>(LanguageModel<T> model, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        var g = new OnnxGraph("recur_language_model");
        var b = new OnnxNetworkBuilder<T>(g, model.Store);
        g.AddInput(Tokens, OnnxElementType.Int64, Seq, Batch);
        g.AddInput(Lengths, OnnxElementType.Int32, Batch);
        var rnn = model.Rnn;
        int layers = rnn.StateLayers, h = rnn.Options.HiddenSize;
        string h0 = OptionalState(g, InitialHidden, layers, h, Tokens);
        string? c0 = rnn.HasCellState ? OptionalState(g, InitialCell, layers, h, Tokens) : null;
        string e = b.Embedding(model.Embedding, Tokens);
        var (y, hN, cN) = b.Stack(rnn, "rnn.", e, Lengths, h0, c0);
        b.Linear(model.Decoder, y, Logits);
        g.AddOutput(Logits, OnnxElementType.Float, Seq, Batch, model.VocabularySize);
        AddStateOutputs(g, hN, cN, layers, h);
        Write(g, path, "Recur language model. " + StateDoc(rnn.HasCellState) +
            "Outputs: logits [seq, batch, vocabulary] (before softmax), h_n" + (rnn.HasCellState ? ", c_n" : "") + " [layers, batch, hidden].");
    }

    /// <summary>
    /// Writes a tagger. Inputs: <c>tokens</c>, <c>lengths</c>, and with character features <c>chars</c> int64
    /// [char_seq, seq, batch] (character c of the word at step t of sentence b; any valid id at padding) and
    /// <c>char_lengths</c> int32 [seq, batch] (the word's characters, 0 at padded steps). Output: <c>logits</c>
    /// [seq, batch, tags].
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="path">Destination file, written to a temporary file first and then moved.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Export<T>(Tagger<T> model, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        var g = new OnnxGraph("recur_tagger");
        var b = new OnnxNetworkBuilder<T>(g, model.Store);
        g.AddInput(Tokens, OnnxElementType.Int64, Seq, Batch);
        g.AddInput(Lengths, OnnxElementType.Int32, Batch);
        string x = b.Embedding(model.Embedding, Tokens);
        if (model.CharRnn is Stacked<T> charRnn)
        {
            g.AddInput(Chars, OnnxElementType.Int64, CharSeq, Seq, Batch);
            g.AddInput(CharLengths, OnnxElementType.Int32, Seq, Batch);
            x = g.Add("Concat", [x, CharFeatures(b, model.CharEmbedding!, charRnn)], [OnnxAttribute.Int("axis", 2)]);
        }
        var (y, _, _) = b.Stack(model.Rnn, "rnn.", x, Lengths, null, null);
        b.Linear(model.Output, y, Logits);
        g.AddOutput(Logits, OnnxElementType.Float, Seq, Batch, model.TagCount);
        Write(g, path, "Recur tagger. Inputs: tokens int64 [seq, batch], lengths int32 [batch]" +
            (model.CharRnn is null ? "" : ", chars int64 [char_seq, seq, batch], char_lengths int32 [seq, batch]") +
            ". Output: logits [seq, batch, tags] (before softmax).");
    }

    /// <summary>
    /// Writes a classifier. Inputs: <c>tokens</c>, <c>lengths</c>. Output: <c>logits</c> [batch, classes], after the
    /// model's pooling of each text's valid steps (last state, mean or max, built from <c>lengths</c>; a text of length 0
    /// pools to zeros as in Recur).
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="path">Destination file, written to a temporary file first and then moved.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Export<T>(Classifier<T> model, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        var g = new OnnxGraph("recur_classifier");
        var b = new OnnxNetworkBuilder<T>(g, model.Store);
        g.AddInput(Tokens, OnnxElementType.Int64, Seq, Batch);
        g.AddInput(Lengths, OnnxElementType.Int32, Batch);
        string e = b.Embedding(model.Embedding, Tokens);
        var rnn = model.Rnn;
        var (y, hN, _) = b.Stack(rnn, "rnn.", e, Lengths, null, null);
        string pooled = model.Options.Pooling switch
        {
            Pooling.Last => LastStates(g, hN, rnn),
            Pooling.Mean => MeanPool(b, y),
            _ => MaxPool(b, y),
        };
        b.Linear(model.Output, pooled, Logits);
        g.AddOutput(Logits, OnnxElementType.Float, Batch, model.ClassCount);
        Write(g, path, $"Recur classifier ({model.Options.Pooling.ToString().ToLowerInvariant()} pooling). " +
            "Inputs: tokens int64 [seq, batch], lengths int32 [batch]. Output: logits [batch, classes] (before softmax).");
    }

    /// <summary>
    /// Writes a bare stacked recurrent network. Inputs: <c>x</c> float [seq, batch, input], <c>lengths</c>, and the optional
    /// <c>h0</c> (and <c>c0</c>) [layers·directions, batch, hidden], zeros when not fed. Outputs: <c>y</c> [seq, batch, output]
    /// (zero at padded steps; directions concatenated or summed as the network merges them) and <c>h_n</c> (and <c>c_n</c>).
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="path">Destination file, written to a temporary file first and then moved.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Export<T>(Stacked<T> network, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        var g = new OnnxGraph("recur_recurrent_network");
        var b = new OnnxNetworkBuilder<T>(g, network.Store);
        g.AddInput(Input, OnnxElementType.Float, Seq, Batch, network.Options.InputSize);
        g.AddInput(Lengths, OnnxElementType.Int32, Batch);
        int layers = network.StateLayers, h = network.Options.HiddenSize;
        string h0 = OptionalState(g, InitialHidden, layers, h, Input);
        string? c0 = network.HasCellState ? OptionalState(g, InitialCell, layers, h, Input) : null;
        var (y, hN, cN) = b.Stack(network, "", Input, Lengths, h0, c0);
        g.Add("Identity", [y], output: Output);
        g.AddOutput(Output, OnnxElementType.Float, Seq, Batch, network.OutputSize);
        AddStateOutputs(g, hN, cN, layers, h);
        Write(g, path, "Recur recurrent network. Inputs: x float [seq, batch, input], lengths int32 [batch], " + StateDoc(network.HasCellState) +
            "Outputs: y [seq, batch, output], h_n" + (network.HasCellState ? ", c_n" : "") + " [layers·directions, batch, hidden].");
    }

    private static string StateDoc(bool cell) =>
        (cell ? "Optional inputs h0, c0" : "Optional input h0") + " [layers·directions, batch, hidden], zeros when not fed. ";

    // An input with a zero initializer [layers, 1, H] as its default, broadcast to [layers, B, H] (B from axis 1 of source).
    private static string OptionalState(OnnxGraph g, string name, int layers, int h, string source)
    {
        g.AddFloats(name, [layers, 1, h], new float[layers * h]);
        g.AddInput(name, OnnxElementType.Float, layers, Batch, h);
        string batch = g.Add("Shape", [source], [OnnxAttribute.Int("start", 1), OnnxAttribute.Int("end", 2)]);
        string shape = g.Add("Concat", [g.Int64s(layers), batch, g.Int64s(h)], [OnnxAttribute.Int("axis", 0)]);
        return g.Add("Expand", [name, shape]);
    }

    private static void AddStateOutputs(OnnxGraph g, string hN, string? cN, int layers, int h)
    {
        g.Add("Identity", [hN], output: FinalHidden);
        g.AddOutput(FinalHidden, OnnxElementType.Float, layers, Batch, h);
        if (cN is null) return;
        g.Add("Identity", [cN], output: FinalCell);
        g.AddOutput(FinalCell, OnnxElementType.Float, layers, Batch, h);
    }

    // chars [C, T, B] → [C, T·B];  e = E_c[chars]  [C, T·B, Ec];  (h_fwd, h_rev) = birnn(e, char_lengths).hN  [2, T·B, Hc]
    // features [T, B, 2Hc] = [h_fwd, h_rev] of each word; 0 for a word of no characters (padding), as in Recur
    private static string CharFeatures<T>(OnnxNetworkBuilder<T> b, Embedding<T> charEmbedding, Stacked<T> charRnn)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = b.Graph;
        string chars = g.Add("Reshape", [Chars, g.Int64s(0, -1)]);
        string lengths = g.Add("Reshape", [CharLengths, g.Int64s(-1)]);
        string e = b.Embedding(charEmbedding, chars);
        var (_, hN, _) = b.Stack(charRnn, "char_rnn.", e, lengths, null, null);
        string words = g.Add("Transpose", [hN], [OnnxAttribute.Ints("perm", 1, 0, 2)]);
        string shape = g.Add("Concat", [g.Add("Shape", [Tokens]), g.Int64s(charRnn.StateLayers * charRnn.Options.HiddenSize)],
            [OnnxAttribute.Int("axis", 0)]);
        return g.Add("Reshape", [words, shape]);
    }

    // pooled [B, dirs·H] = the last layer's final state of each direction, concatenated
    private static string LastStates<T>(OnnxGraph g, string hN, Stacked<T> rnn) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int dirs = rnn.Directions, first = (rnn.Options.NumLayers - 1) * dirs;
        string last = g.Add("Slice", [hN, g.Int64s(first), g.Int64s(first + dirs), g.Int64s(0)]);
        string batchMajor = g.Add("Transpose", [last], [OnnxAttribute.Ints("perm", 1, 0, 2)]);
        return g.Add("Reshape", [batchMajor, g.Int64s(0, -1)]);
    }

    // pooled [B, O] = Σ_t valid⟨t⟩·y⟨t⟩ / max(len, 1)
    private static string MeanPool<T>(OnnxNetworkBuilder<T> b, string y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = b.Graph;
        string valid = g.Add("Cast", [b.ValidMask(y, Lengths)], [OnnxAttribute.Int("to", (int)OnnxElementType.Float)]);
        string sum = g.Add("ReduceSum", [g.Add("Mul", [y, valid]), g.Int64s(0)], [OnnxAttribute.Int("keepdims", 0)]);
        string count = g.Add("Cast", [Lengths], [OnnxAttribute.Int("to", (int)OnnxElementType.Float)]);
        string divisor = g.Add("Unsqueeze", [g.Add("Max", [count, g.FloatScalar(1)]), g.Int64s(1)]);
        return g.Add("Div", [sum, divisor]);
    }

    // pooled [B, O] = max over valid t of y⟨t⟩; 0 for a text of length 0
    private static string MaxPool<T>(OnnxNetworkBuilder<T> b, string y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = b.Graph;
        string masked = g.Add("Where", [b.ValidMask(y, Lengths), y, g.FloatScalar(float.NegativeInfinity)]);
        string max = g.Add("ReduceMax", [masked], [OnnxAttribute.Ints("axes", 0), OnnxAttribute.Int("keepdims", 0)]);
        string nonEmpty = g.Add("Unsqueeze", [g.Add("Greater", [Lengths, g.Int32Scalar(0)]), g.Int64s(1)]);
        return g.Add("Where", [nonEmpty, max, g.FloatScalar(0)]);
    }

    private static void Write(OnnxGraph graph, string path, string doc)
    {
        byte[] bytes = OnnxModelWriter.Encode(graph, doc);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
