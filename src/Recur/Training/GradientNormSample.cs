namespace Recur.Training;

/// <summary>The global gradient norm of one optimiser step, as reported by <see cref="Trainer{T, TBatch}.GradientNorms"/>.</summary>
/// <param name="Step">The step number, 1-based (the value of <see cref="TrainerState.Step"/> after the step).</param>
/// <param name="Norm">The 2-norm of all gradients before clipping.</param>
/// <param name="Clipped">True when clipping changed the gradients: the norm exceeded the clip norm, or an element exceeded the clip value.</param>
public sealed record GradientNormSample(long Step, double Norm, bool Clipped);
