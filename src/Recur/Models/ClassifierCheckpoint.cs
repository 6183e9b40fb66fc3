using Recur.IO;
using Recur.Text;
using Recur.Training;

namespace Recur.Models;

/// <summary>
/// A classifier's checkpoint (format <c>recur-classifier</c>): options, token vocabulary, class names, weights and
/// the caller's data description, and when written by training the trainer's state for an exact resume.
/// </summary>
public sealed class ClassifierCheckpoint
{
    /// <summary>Value of the <c>format</c> entry.</summary>
    public const string Format = "recur-classifier";

    private ClassifierCheckpoint(Classifier<float> model, ClassifierVocabularies vocabularies, TrainOptions? trainOptions, string data, CheckpointFile file)
    {
        Model = model;
        Vocabularies = vocabularies;
        TrainOptions = trainOptions;
        Data = data;
        File = file;
    }

    /// <summary>The model with its weights loaded.</summary>
    public Classifier<float> Model { get; }

    /// <summary>Its tokens and classes.</summary>
    public ClassifierVocabularies Vocabularies { get; }

    /// <summary>Training options, when the checkpoint was written by training.</summary>
    public TrainOptions? TrainOptions { get; }

    /// <summary>The caller's data description (JSON): files, format, fields.</summary>
    public string Data { get; }

    /// <summary>The underlying container.</summary>
    public CheckpointFile File { get; }

    /// <summary>Writes a checkpoint atomically.</summary>
    /// <param name="path">Destination; replaced only once the new file is complete.</param>
    /// <param name="model">The model.</param>
    /// <param name="vocabularies">Its vocabularies.</param>
    /// <param name="data">Data description (JSON).</param>
    /// <param name="trainer">The trainer, to save its resumable state; null for weights only.</param>
    public static void Save(string path, Classifier<float> model, ClassifierVocabularies vocabularies, string data, Trainer<float, ClassificationBatch>? trainer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabularies);
        var file = TrainingCheckpoint.Create(Format, model.Options, data);
        TrainingCheckpoint.WriteVocabulary(file, "vocabulary.tokens", vocabularies.Tokens);
        file.SetString("labels", vocabularies.Labels.ToJson());
        TrainingCheckpoint.WriteParameters(file, model.Store);
        if (trainer is not null) TrainingCheckpoint.WriteTrainer(file, trainer);
        file.Save(path);
    }

    /// <summary>Loads a checkpoint and rebuilds its model.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid classifier checkpoint.</exception>
    public static ClassifierCheckpoint Load(string path)
    {
        var file = TrainingCheckpoint.Open(path, Format, "classifier");
        var (options, train) = TrainingCheckpoint.ReadOptions<ClassifierOptions>(file, o => o.Validate());
        var tokens = TrainingCheckpoint.ReadVocabulary(file, "vocabulary.tokens", path + " (tokens)");
        var labels = LabelSet.FromJson(file.GetString("labels"), path);
        if (tokens.Count != options.VocabularySize || labels.Count != options.ClassCount)
            throw new InvalidDataException($"{path}: the vocabularies ({tokens.Count} tokens, {labels.Count} classes) " +
                $"do not match the model ({options.VocabularySize}, {options.ClassCount}).");
        var vocabularies = new ClassifierVocabularies(tokens, labels);
        var model = new Classifier<float>(options);
        TrainingCheckpoint.ReadParameters(file, model.Store);
        return new ClassifierCheckpoint(model, vocabularies, train, file.GetString("data"), file);
    }

    /// <summary>Restores a trainer built on <see cref="Model"/> with <see cref="TrainOptions"/> to where this checkpoint left off.</summary>
    /// <exception cref="InvalidDataException">The checkpoint has no training state.</exception>
    public void RestoreTrainer(Trainer<float, ClassificationBatch> trainer) => TrainingCheckpoint.RestoreTrainer(File, trainer);

}
