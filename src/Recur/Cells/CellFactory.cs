using System.Numerics;
using Recur.Layers;

namespace Recur.Cells;

/// <summary>Creates the cell class that implements a <see cref="CellKind"/>.</summary>
public static class CellFactory
{
    /// <summary>Creates a cell of <paramref name="kind"/> and reserves its parameters in <paramref name="store"/>.</summary>
    /// <param name="store">Parameter store.</param>
    /// <param name="prefix">Name prefix, e.g. <c>rnn.</c>.</param>
    /// <param name="suffix">Name suffix, e.g. <c>_l0_reverse</c>.</param>
    /// <param name="kind">Cell form.</param>
    /// <param name="inputSize">D.</param>
    /// <param name="hiddenSize">H.</param>
    /// <param name="bias">Whether the cell has biases.</param>
    public static RecurrentCell<T> Create<T>(ParameterStore<T> store, string prefix, string suffix, CellKind kind,
        int inputSize, int hiddenSize, bool bias = true)
        where T : unmanaged, IFloatingPointIeee754<T> => kind switch
        {
            CellKind.RnnTanh or CellKind.RnnRelu => new RnnCell<T>(store, prefix, suffix, kind, inputSize, hiddenSize, bias),
            CellKind.GruSimple => new GruSimpleCell<T>(store, prefix, suffix, inputSize, hiddenSize, bias),
            CellKind.Gru => new GruCell<T>(store, prefix, suffix, inputSize, hiddenSize, bias),
            CellKind.GruResetAfter => new GruResetAfterCell<T>(store, prefix, suffix, inputSize, hiddenSize, bias),
            CellKind.Lstm or CellKind.LstmPeephole => new LstmCell<T>(store, prefix, suffix, kind, inputSize, hiddenSize, bias),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown cell kind."),
        };
}
