using Recur.Cells;

namespace Recur.Diagnostics;

/// <summary>What one recurrent layer did over a text: hidden states, cell states (LSTM) and gates, row i after token i.</summary>
/// <param name="Layer">Layer index, 0 at the bottom.</param>
/// <param name="Cell">The cell form.</param>
/// <param name="HiddenSize">H.</param>
/// <param name="Hidden">[N, H] h⟨i⟩.</param>
/// <param name="CellState">[N, H] c⟨i⟩ for LSTM forms, else null.</param>
/// <param name="Gates">The gates that decide what is kept: LSTM input, forget, output; GRU reset, update; simple GRU update.</param>
public sealed record LayerTrace(int Layer, CellKind Cell, int HiddenSize, float[] Hidden, float[]? CellState, IReadOnlyList<GateTrace> Gates);
