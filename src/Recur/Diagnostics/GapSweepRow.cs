using Recur.Cells;

namespace Recur.Diagnostics;

/// <summary>One trained (cell, gap) of a <see cref="GapSweep"/>.</summary>
/// <param name="Cell">The cell form.</param>
/// <param name="Gap">The gap.</param>
/// <param name="Accuracy">Accuracy on the held-out examples.</param>
/// <param name="TrainLoss">Mean training loss of the last tenth of the steps.</param>
/// <param name="Seconds">Wall time of training and evaluation.</param>
public sealed record GapSweepRow(CellKind Cell, int Gap, double Accuracy, double TrainLoss, double Seconds);
