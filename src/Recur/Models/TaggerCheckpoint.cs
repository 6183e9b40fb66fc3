using Recur.IO;
using Recur.Text;
using Recur.Training;

namespace Recur.Models;

/// <summary>
/// A tagger's checkpoint (format <c>recur-tagger</c>): options, word and character vocabularies, tags, weights and
/// the caller's data description, and when written by training the trainer's state for an exact resume.
/// </summary>
public sealed class TaggerCheckpoint
{
    /// <summary>Value of the <c>format</c> entry.</summary>
    public const string Format = "recur-tagger";

    private TaggerCheckpoint(Tagger<float> model, TaggerVocabularies vocabularies, TrainOptions? trainOptions, string data, CheckpointFile file)
    {
        Model = model;
        Vocabularies = vocabularies;
        TrainOptions = trainOptions;
        Data = data;
        File = file;
    }

    /// <summary>The model with its weights loaded.</summary>
    public Tagger<float> Model { get; }

    /// <summary>Its words, characters and tags.</summary>
    public TaggerVocabularies Vocabularies { get; }

    /// <summary>Training options, when the checkpoint was written by training.</summary>
    public TrainOptions? TrainOptions { get; }

    /// <summary>The caller's data description (JSON): files, format, tag column.</summary>
    public string Data { get; }

    /// <summary>The underlying container.</summary>
    public CheckpointFile File { get; }

    /// <summary>Writes a checkpoint atomically.</summary>
    /// <param name="path">Destination; replaced only once the new file is complete.</param>
    /// <param name="model">The model.</param>
    /// <param name="vocabularies">Its vocabularies.</param>
    /// <param name="data">Data description (JSON).</param>
    /// <param name="trainer">The trainer, to save its resumable state; null for weights only.</param>
    public static void Save(string path, Tagger<float> model, TaggerVocabularies vocabularies, string data, Trainer<float, TaggingBatch>? trainer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabularies);
        var file = TrainingCheckpoint.Create(Format, model.Options, data);
        TrainingCheckpoint.WriteVocabulary(file, "vocabulary.words", vocabularies.Words);
        if (vocabularies.Chars is not null) TrainingCheckpoint.WriteVocabulary(file, "vocabulary.chars", vocabularies.Chars);
        file.SetString("tags", vocabularies.Tags.ToJson());
        TrainingCheckpoint.WriteParameters(file, model.Store);
        if (trainer is not null) TrainingCheckpoint.WriteTrainer(file, trainer);
        file.Save(path);
    }

    /// <summary>Loads a checkpoint and rebuilds its model.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid tagger checkpoint.</exception>
    public static TaggerCheckpoint Load(string path)
    {
        var file = TrainingCheckpoint.Open(path, Format, "tagger");
        var (options, train) = TrainingCheckpoint.ReadOptions<TaggerOptions>(file, o => o.Validate());
        var words = TrainingCheckpoint.ReadVocabulary(file, "vocabulary.words", path + " (words)");
        var chars = file.Contains("vocabulary.chars") ? TrainingCheckpoint.ReadVocabulary(file, "vocabulary.chars", path + " (characters)") : null;
        var tags = LabelSet.FromJson(file.GetString("tags"), path);
        if (words.Count != options.WordCount || (chars?.Count ?? 0) != options.CharCount || tags.Count != options.TagCount)
            throw new InvalidDataException($"{path}: the vocabularies ({words.Count} words, {chars?.Count ?? 0} characters, {tags.Count} tags) " +
                $"do not match the model ({options.WordCount}, {options.CharCount}, {options.TagCount}).");
        TaggerVocabularies vocabularies;
        try
        {
            vocabularies = new TaggerVocabularies(words, chars, tags);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
        var model = new Tagger<float>(options);
        TrainingCheckpoint.ReadParameters(file, model.Store);
        return new TaggerCheckpoint(model, vocabularies, train, file.GetString("data"), file);
    }

    /// <summary>Restores a trainer built on <see cref="Model"/> with <see cref="TrainOptions"/> to where this checkpoint left off.</summary>
    /// <exception cref="InvalidDataException">The checkpoint has no training state.</exception>
    public void RestoreTrainer(Trainer<float, TaggingBatch> trainer) => TrainingCheckpoint.RestoreTrainer(File, trainer);

}
