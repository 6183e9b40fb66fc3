using Recur.IO;
using Recur.Training;

namespace Recur.Models;

/// <summary>
/// A music model's checkpoint (format <c>recur-music</c>): weights, model options and the caller's data description
/// and, when written during training, the trainer's options, position, dropout generator and optimiser state, so that
/// <c>--resume</c> continues exactly. Stored in a <see cref="CheckpointFile"/> (written to a temporary file, then moved).
/// </summary>
public sealed class MusicCheckpoint
{
    /// <summary>Value of the <c>format</c> entry.</summary>
    public const string Format = "recur-music";

    private MusicCheckpoint(MusicModel<float> model, TrainOptions? trainOptions, string data, CheckpointFile file)
    {
        Model = model;
        TrainOptions = trainOptions;
        Data = data;
        File = file;
    }

    /// <summary>The model with its weights loaded.</summary>
    public MusicModel<float> Model { get; }

    /// <summary>Training options, when the checkpoint was written by training.</summary>
    public TrainOptions? TrainOptions { get; }

    /// <summary>The caller's data description (JSON), e.g. the data path and resolution.</summary>
    public string Data { get; }

    /// <summary>The underlying container.</summary>
    public CheckpointFile File { get; }

    /// <summary>Writes a checkpoint atomically.</summary>
    /// <param name="path">Destination; replaced only once the new file is complete.</param>
    /// <param name="model">The model.</param>
    /// <param name="data">Data description (JSON).</param>
    /// <param name="trainer">The trainer, to save its resumable state; null for weights only.</param>
    public static void Save(string path, MusicModel<float> model, string data, Trainer<float, PianoRollBatch>? trainer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var file = TrainingCheckpoint.Create(Format, model.Options, data);
        TrainingCheckpoint.WriteParameters(file, model.Store);
        if (trainer is not null) TrainingCheckpoint.WriteTrainer(file, trainer);
        file.Save(path);
    }

    /// <summary>Loads a checkpoint and rebuilds its model.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid music checkpoint.</exception>
    public static MusicCheckpoint Load(string path)
    {
        var file = TrainingCheckpoint.Open(path, Format, "music");
        var (options, train) = TrainingCheckpoint.ReadOptions<MusicModelOptions>(file, o => o.Validate());
        var model = new MusicModel<float>(options);
        TrainingCheckpoint.ReadParameters(file, model.Store);
        return new MusicCheckpoint(model, train, file.Contains("data") ? file.GetString("data") : "{}", file);
    }

    /// <summary>Restores a trainer built on <see cref="Model"/> with <see cref="TrainOptions"/> to where this checkpoint left off.</summary>
    /// <exception cref="InvalidDataException">The checkpoint holds no training state.</exception>
    public void RestoreTrainer(Trainer<float, PianoRollBatch> trainer) => TrainingCheckpoint.RestoreTrainer(File, trainer);
}
