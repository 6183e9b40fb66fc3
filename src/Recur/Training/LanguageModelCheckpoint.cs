using Recur.IO;
using Recur.Models;
using Recur.Text;

namespace Recur.Training;

/// <summary>
/// A language model's checkpoint: weights, vocabulary and options, and, when written during training, the optimiser
/// state, position, dropout generator and carried hidden state, so that <c>--resume</c> continues exactly.
/// Stored in a <see cref="CheckpointFile"/> (written to a temporary file, then moved into place).
/// </summary>
public sealed class LanguageModelCheckpoint
{
    /// <summary>Value of the <c>format</c> entry.</summary>
    public const string Format = "recur-language-model";

    private LanguageModelCheckpoint(LanguageModel<float> model, Vocabulary vocabulary, TrainOptions? trainOptions, string data, CheckpointFile file)
    {
        Model = model;
        Vocabulary = vocabulary;
        TrainOptions = trainOptions;
        Data = data;
        File = file;
    }

    /// <summary>The model with its weights loaded.</summary>
    public LanguageModel<float> Model { get; }

    /// <summary>The vocabulary it was trained with.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>Training options, when the checkpoint was written by training.</summary>
    public TrainOptions? TrainOptions { get; }

    /// <summary>The caller's data description (JSON), e.g. corpus path, level and mode.</summary>
    public string Data { get; }

    /// <summary>The underlying container.</summary>
    public CheckpointFile File { get; }

    /// <summary>Writes a checkpoint atomically.</summary>
    /// <param name="path">Destination; replaced only once the new file is complete.</param>
    /// <param name="model">The model.</param>
    /// <param name="vocabulary">Its vocabulary.</param>
    /// <param name="data">Data description (JSON).</param>
    /// <param name="trainer">The trainer, to save its resumable state; null for weights only.</param>
    public static void Save(string path, LanguageModel<float> model, Vocabulary vocabulary, string data, LanguageModelTrainer<float>? trainer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var file = TrainingCheckpoint.Create(Format, model.Options, data);
        TrainingCheckpoint.WriteVocabulary(file, "vocabulary", vocabulary);
        TrainingCheckpoint.WriteParameters(file, model.Store);
        if (model.StateBatch > 0)
        {
            file.SetInt64("state.batch", model.StateBatch);
            file.SetTensor("state.h", [model.HiddenState.Length], model.HiddenState);
            if (!model.CellState.IsEmpty) file.SetTensor("state.c", [model.CellState.Length], model.CellState);
        }
        if (trainer is not null) TrainingCheckpoint.WriteTrainer(file, trainer);
        file.Save(path);
    }

    /// <summary>Loads a checkpoint and rebuilds its model.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid language-model checkpoint.</exception>
    public static LanguageModelCheckpoint Load(string path)
    {
        var file = TrainingCheckpoint.Open(path, Format, "language-model");
        var (options, train) = TrainingCheckpoint.ReadOptions<LanguageModelOptions>(file, o => o.Validate());
        var vocabulary = TrainingCheckpoint.ReadVocabulary(file, "vocabulary", path);
        if (vocabulary.Count != options.VocabularySize)
            throw new InvalidDataException($"{path}: vocabulary of {vocabulary.Count} tokens does not match the model's {options.VocabularySize}.");
        var model = new LanguageModel<float>(options);
        TrainingCheckpoint.ReadParameters(file, model.Store);
        var checkpoint = new LanguageModelCheckpoint(model, vocabulary, train, file.GetString("data"), file);
        if (file.Contains("state.batch"))
        {
            // The batch sizes the state's buffers: it must match the stored state before anything is allocated for it.
            long batch = file.GetInt64("state.batch");
            long perSequence = (long)options.NumLayers * options.HiddenSize;
            long stored = file.Shape("state.h").Aggregate(1L, (p, d) => p * d);
            if (batch <= 0 || batch * perSequence != stored)
                throw new InvalidDataException($"{path}: invalid carried state: batch {batch} of {options.NumLayers}×{options.HiddenSize} values does not match the {stored} stored.");
            try
            {
                model.SetState((int)batch, file.GetFloats("state.h"), file.Contains("state.c") ? file.GetFloats("state.c") : default);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{path}: invalid carried state: {e.Message}", e);
            }
        }
        return checkpoint;
    }

    /// <summary>Restores a trainer built on <see cref="Model"/> with <see cref="TrainOptions"/> to where this checkpoint left off.</summary>
    /// <exception cref="InvalidDataException">The checkpoint has no training state.</exception>
    public void RestoreTrainer(LanguageModelTrainer<float> trainer) => TrainingCheckpoint.RestoreTrainer(File, trainer);
}
