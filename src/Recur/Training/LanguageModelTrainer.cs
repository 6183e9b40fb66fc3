using System.Numerics;
using Recur.Models;
using Recur.Text;

namespace Recur.Training;

/// <summary>A <see cref="Trainer{T, TBatch}"/> of a <see cref="LanguageModel{T}"/> on token batches.</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class LanguageModelTrainer<T> : Trainer<T, TokenBatch> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a trainer; the optimiser is made from <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public LanguageModelTrainer(LanguageModel<T> model, TrainOptions options) : base(model, options) => LanguageModel = model;

    /// <summary>The language model being trained.</summary>
    public LanguageModel<T> LanguageModel { get; }

    /// <summary>The language model being trained (the same object as <see cref="LanguageModel"/>).</summary>
    public new LanguageModel<T> Model => LanguageModel;

    /// <summary>A carried hidden state that is no longer finite starts again from zeros (else every later window fails too).</summary>
    protected override void OnStepSkipped()
    {
        var model = LanguageModel;
        if (model.StateBatch == 0) return;
        foreach (var x in model.HiddenState)
        {
            if (T.IsFinite(x)) continue;
            model.ResetState(model.StateBatch);
            return;
        }
        foreach (var x in model.CellState)
        {
            if (T.IsFinite(x)) continue;
            model.ResetState(model.StateBatch);
            return;
        }
    }
}
