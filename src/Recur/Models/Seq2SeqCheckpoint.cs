using Recur.IO;
using Recur.Text;
using Recur.Training;

namespace Recur.Models;

/// <summary>
/// An encoder–decoder's checkpoint (<c>format</c> = <see cref="Format"/>): weights, options, both vocabularies and the
/// caller's data description, and, when written during training, the trainer's options, position, dropout generator
/// and optimiser state (<see cref="TrainingCheckpoint"/>), so that a resumed run continues exactly.
/// </summary>
public sealed class Seq2SeqCheckpoint
{
    /// <summary>Value of the <c>format</c> entry.</summary>
    public const string Format = "recur-seq2seq";

    private Seq2SeqCheckpoint(Seq2Seq<float> model, Vocabulary source, Vocabulary target, TrainOptions? trainOptions, string data, CheckpointFile file)
    {
        Model = model;
        SourceVocabulary = source;
        TargetVocabulary = target;
        TrainOptions = trainOptions;
        Data = data;
        File = file;
    }

    /// <summary>The model with its weights loaded.</summary>
    public Seq2Seq<float> Model { get; }

    /// <summary>The source-side vocabulary.</summary>
    public Vocabulary SourceVocabulary { get; }

    /// <summary>The target-side vocabulary.</summary>
    public Vocabulary TargetVocabulary { get; }

    /// <summary>Training options, when written by training.</summary>
    public TrainOptions? TrainOptions { get; }

    /// <summary>The caller's data description (JSON).</summary>
    public string Data { get; }

    /// <summary>The underlying container.</summary>
    public CheckpointFile File { get; }

    /// <summary>Writes a checkpoint atomically (a temporary file moved into place).</summary>
    /// <param name="path">Destination.</param>
    /// <param name="model">The model.</param>
    /// <param name="source">Source vocabulary.</param>
    /// <param name="target">Target vocabulary.</param>
    /// <param name="data">Data description (JSON).</param>
    /// <param name="trainer">The trainer, to save its resumable state; null for weights only.</param>
    /// <exception cref="ArgumentException">A vocabulary does not match the model's sizes.</exception>
    public static void Save(string path, Seq2Seq<float> model, Vocabulary source, Vocabulary target, string data, Trainer<float, Seq2SeqBatch>? trainer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(data);
        if (source.Count != model.Options.SourceVocabularySize || target.Count != model.Options.TargetVocabularySize)
            throw new ArgumentException($"Vocabularies of {source.Count} and {target.Count} tokens do not fit a model of " +
                $"{model.Options.SourceVocabularySize} and {model.Options.TargetVocabularySize}.", nameof(source));
        var file = TrainingCheckpoint.Create(Format, model.Options, data);
        TrainingCheckpoint.WriteVocabulary(file, "vocabulary.source", source);
        TrainingCheckpoint.WriteVocabulary(file, "vocabulary.target", target);
        TrainingCheckpoint.WriteParameters(file, model.Store);
        if (trainer is not null) TrainingCheckpoint.WriteTrainer(file, trainer);
        file.Save(path);
    }

    /// <summary>Loads a checkpoint and rebuilds its model.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid encoder–decoder checkpoint; the message names it.</exception>
    public static Seq2SeqCheckpoint Load(string path)
    {
        var file = TrainingCheckpoint.Open(path, Format, "encoder–decoder");
        var (options, train) = TrainingCheckpoint.ReadOptions<Seq2SeqOptions>(file, o => o.Validate());
        var source = TrainingCheckpoint.ReadVocabulary(file, "vocabulary.source", path + " (source vocabulary)");
        var target = TrainingCheckpoint.ReadVocabulary(file, "vocabulary.target", path + " (target vocabulary)");
        if (source.Count != options.SourceVocabularySize || target.Count != options.TargetVocabularySize)
            throw new InvalidDataException($"{path}: vocabularies of {source.Count} and {target.Count} tokens do not match the model's " +
                $"{options.SourceVocabularySize} and {options.TargetVocabularySize}.");
        var model = new Seq2Seq<float>(options);
        TrainingCheckpoint.ReadParameters(file, model.Store);
        return new Seq2SeqCheckpoint(model, source, target, train, file.GetString("data"), file);
    }

    /// <summary>Restores a trainer built on <see cref="Model"/> with <see cref="TrainOptions"/> to where this checkpoint left off.</summary>
    /// <exception cref="InvalidDataException">The checkpoint has no training state.</exception>
    public void RestoreTrainer(Trainer<float, Seq2SeqBatch> trainer) => TrainingCheckpoint.RestoreTrainer(File, trainer);

}
