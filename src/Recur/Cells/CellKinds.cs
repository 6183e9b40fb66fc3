namespace Recur.Cells;

/// <summary>Names and shapes of the <see cref="CellKind"/> forms.</summary>
public static class CellKinds
{
    private static readonly (CellKind Kind, string Name)[] s_names =
    [
        (CellKind.RnnTanh, "rnn-tanh"), (CellKind.RnnRelu, "rnn-relu"), (CellKind.GruSimple, "gru-simple"),
        (CellKind.Gru, "gru"), (CellKind.GruResetAfter, "gru-after"), (CellKind.Lstm, "lstm"),
        (CellKind.LstmPeephole, "lstm-peephole"),
    ];

    /// <summary>Every form, in declaration order.</summary>
    public static IReadOnlyList<CellKind> All { get; } = s_names.Select(p => p.Kind).ToArray();

    /// <summary>The command-line name, e.g. <c>gru-after</c>.</summary>
    public static string ToName(this CellKind kind) =>
        s_names.First(p => p.Kind == kind).Name;

    /// <summary>Parses a command-line name.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid ones.</exception>
    public static CellKind Parse(string name)
    {
        foreach (var (kind, n) in s_names)
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) return kind;
        throw new ArgumentException(
            $"Unknown cell '{name}'. Expected one of: {string.Join(", ", s_names.Select(p => p.Name))}.", nameof(name));
    }

    /// <summary>Number of gate blocks of height H in W_ih and W_hh: 1 (RNN), 2 (simple GRU), 3 (GRU), 4 (LSTM).</summary>
    public static int GateCount(this CellKind kind) => kind switch
    {
        CellKind.RnnTanh or CellKind.RnnRelu => 1,
        CellKind.GruSimple => 2,
        CellKind.Gru or CellKind.GruResetAfter => 3,
        _ => 4,
    };

    /// <summary>True for the LSTM forms, which carry a cell state c beside h.</summary>
    public static bool HasCellState(this CellKind kind) => kind is CellKind.Lstm or CellKind.LstmPeephole;
}
