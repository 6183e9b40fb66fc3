namespace Recur.Cells;

/// <summary>The recurrent cell forms Recur implements. Command-line names are given by <see cref="CellKinds"/>.</summary>
public enum CellKind
{
    /// <summary>Basic RNN, a = tanh(W_ih·x + b_ih + W_hh·a_prev + b_hh) (<c>rnn-tanh</c>).</summary>
    RnnTanh,

    /// <summary>Basic RNN with ReLU (<c>rnn-relu</c>).</summary>
    RnnRelu,

    /// <summary>GRU with the update gate only, gates (z, n) (<c>gru-simple</c>).</summary>
    GruSimple,

    /// <summary>Full GRU with the reset gate applied before the recurrent matmul, the original form;
    /// ONNX <c>linear_before_reset=0</c>, Keras <c>reset_after=False</c> (<c>gru</c>).</summary>
    Gru,

    /// <summary>Full GRU with the reset gate applied after the recurrent matmul, PyTorch/cuDNN form (<c>gru-after</c>).</summary>
    GruResetAfter,

    /// <summary>LSTM, gates (i, f, g, o) as PyTorch (<c>lstm</c>).</summary>
    Lstm,

    /// <summary>LSTM with peephole connections from the cell state to the i, f and o gates, as ONNX's <c>P</c> (<c>lstm-peephole</c>).</summary>
    LstmPeephole,
}
