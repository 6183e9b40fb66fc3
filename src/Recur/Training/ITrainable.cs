using System.Numerics;
using Recur.Layers;

namespace Recur.Training;

/// <summary>A model that <see cref="Trainer{T, TBatch}"/> can train: a loss over a batch and its gradients.</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <typeparam name="TBatch">The batch type the model reads.</typeparam>
public interface ITrainable<T, in TBatch> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Every parameter and its gradient.</summary>
    ParameterStore<T> Store { get; }

    /// <summary>Forward pass: the mean loss over the batch's counted items (tokens, tags, frames, examples).</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="dropoutRng">Dropout source in training; null for evaluation.</param>
    T Forward(TBatch batch, Training.Rng? dropoutRng);

    /// <summary>Adds the gradients of the last forward pass's loss to <see cref="Store"/>.</summary>
    void Backward();

    /// <summary>How many items the mean loss of <paramref name="batch"/> averages over.</summary>
    int CountItems(TBatch batch);
}
