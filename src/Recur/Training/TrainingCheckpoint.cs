using System.Text.Json;
using System.Text.Json.Serialization;
using Recur.IO;
using Recur.Layers;
using Recur.Text;

namespace Recur.Training;

/// <summary>
/// The parts of a checkpoint every model shares: parameters (<c>param.{name}</c>), and, for a run that can resume, the
/// training options, trainer position, dropout generator and optimiser state. Model-specific entries (options,
/// vocabularies) are added by each model's checkpoint class.
/// </summary>
public static class TrainingCheckpoint
{
    /// <summary>JSON settings for options records: enums as kebab-case strings.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>Starts a checkpoint of a model: its <c>format</c>, its options as JSON (<c>model.options</c>) and the
    /// caller's data description (<c>data</c>).</summary>
    public static CheckpointFile Create<TOptions>(string format, TOptions options, string data)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        var file = new CheckpointFile();
        file.SetString("format", format);
        file.SetString("model.options", JsonSerializer.Serialize(options, Json));
        file.SetString("data", data);
        return file;
    }

    /// <summary>Loads a checkpoint and checks that it is of <paramref name="format"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="format">The expected <c>format</c> entry.</param>
    /// <param name="description">What such a checkpoint holds, for the message ("music", "tagger").</param>
    /// <exception cref="InvalidDataException">The file is not a checkpoint, or one of another format.</exception>
    public static CheckpointFile Open(string path, string format, string description)
    {
        var file = CheckpointFile.Load(path);
        string found = file.Contains("format") ? file.GetString("format") : "none";
        if (found != format)
            throw new InvalidDataException($"{path}: not a Recur {description} checkpoint (format '{found}', expected '{format}').");
        return file;
    }

    /// <summary>The model options (<c>model.options</c>, checked by <paramref name="validate"/>) and the training options.</summary>
    /// <exception cref="InvalidDataException">Either is not valid JSON or holds a value out of range.</exception>
    public static (TOptions Model, TrainOptions? Train) ReadOptions<TOptions>(CheckpointFile file, Action<TOptions> validate)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(validate);
        try
        {
            var options = JsonSerializer.Deserialize<TOptions>(file.GetString("model.options"), Json)
                ?? throw new InvalidDataException($"{file.Source}: empty model options.");
            validate(options);
            return (options, ReadTrainOptions(file));
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"{file.Source}: invalid options: {e.Message}", e);
        }
    }

    /// <summary>Writes a vocabulary as the bytes entry <paramref name="name"/>.</summary>
    public static void WriteVocabulary(CheckpointFile file, string name, Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(vocabulary);
        using var stream = new MemoryStream();
        vocabulary.Write(stream);
        file.SetBytes(name, stream.ToArray());
    }

    /// <summary>Reads the vocabulary stored by <see cref="WriteVocabulary"/>.</summary>
    /// <param name="file">The checkpoint.</param>
    /// <param name="name">The entry.</param>
    /// <param name="source">How messages name it, e.g. "model.ckpt (source vocabulary)".</param>
    /// <exception cref="InvalidDataException">The entry is missing or not a vocabulary.</exception>
    public static Vocabulary ReadVocabulary(CheckpointFile file, string name, string source)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var stream = new MemoryStream(file.GetBytes(name));
        return Vocabulary.Read(stream, source);
    }

    /// <summary>Writes every parameter tensor as <c>param.{name}</c>.</summary>
    public static void WriteParameters(CheckpointFile file, ParameterStore<float> store)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(store);
        // By reference: a save copies nothing, so checkpoints every minute leave no large garbage behind.
        foreach (var slot in store.Slots) file.SetTensorReference("param." + slot.Name, slot.Shape, store.ValueMemory(slot));
    }

    /// <summary>Reads every parameter of <paramref name="store"/> from <c>param.{name}</c>, checking shapes.</summary>
    /// <exception cref="InvalidDataException">A tensor is missing or has another shape.</exception>
    public static void ReadParameters(CheckpointFile file, ParameterStore<float> store)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(store);
        foreach (var slot in store.Slots)
        {
            string name = "param." + slot.Name;
            if (!file.Contains(name)) throw new InvalidDataException($"{file.Source}: tensor {slot.Name} is missing.");
            var shape = file.Shape(name);
            if (!shape.AsSpan().SequenceEqual(slot.Shape))
                throw new InvalidDataException($"{file.Source}: tensor {slot.Name} has shape [{string.Join(", ", shape)}], expected {slot.ShapeText}.");
            file.CopyFloats(name, store.Value(slot));
        }
    }

    /// <summary>Writes the trainer's options, position, dropout generator and optimiser state.</summary>
    public static void WriteTrainer<TBatch>(CheckpointFile file, Trainer<float, TBatch> trainer) where TBatch : class, new()
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(trainer);
        file.SetString("train.options", JsonSerializer.Serialize(trainer.Options, Json));
        var s = trainer.State;
        file.SetInt64s("trainer.position", [s.Epoch, s.Batch, s.Step, s.EpochTokens, s.Tokens, s.SkippedSteps]);
        file.SetDoubles("trainer.sums", [3], [s.BestValidLoss, s.EpochLossSum, s.ElapsedSeconds]);
        file.SetUInt64s("trainer.rng", trainer.DropoutRng.State);
        file.SetInt64("optim.step", trainer.Optimizer.StepCount);
        foreach (var (name, buffer) in trainer.Optimizer.StateBuffers) file.SetTensorReference("optim." + name, [buffer.Length], buffer);
    }

    /// <summary>The training options stored by <see cref="WriteTrainer"/>, or null when the checkpoint has none.</summary>
    /// <exception cref="InvalidDataException">The options are not valid JSON, or a value is out of range.</exception>
    public static TrainOptions? ReadTrainOptions(CheckpointFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Contains("train.options")) return null;
        try
        {
            var options = JsonSerializer.Deserialize<TrainOptions>(file.GetString("train.options"), Json)
                ?? throw new InvalidDataException($"{file.Source}: empty training options.");
            options.Validate();
            return options;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"{file.Source}: invalid training options: {(e is JsonException j ? JsonErrors.Message(j) : e.Message)}", e);
        }
    }

    /// <summary>Restores a trainer (built on the checkpoint's model and options) to where the checkpoint left off.</summary>
    /// <exception cref="InvalidDataException">The checkpoint holds no or malformed training state.</exception>
    public static void RestoreTrainer<TBatch>(CheckpointFile file, Trainer<float, TBatch> trainer) where TBatch : class, new()
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(trainer);
        if (!file.Contains("trainer.position")) throw new InvalidDataException($"{file.Source}: the checkpoint holds no training state to resume.");
        var position = file.GetInt64s("trainer.position");
        var sums = file.GetDoubles("trainer.sums");
        // Earlier versions wrote four values (no token total) or five (no skipped steps).
        if (position.Length is not (4 or 5 or 6) || sums.Length != 3) throw new InvalidDataException($"{file.Source}: malformed training state.");
        if (position[0] is < 0 or > int.MaxValue || position[1] is < 0 or > int.MaxValue || position.Any(p => p < 0))
            throw new InvalidDataException($"{file.Source}: malformed training state (position [{string.Join(", ", position)}]).");
        var s = trainer.State;
        (s.Epoch, s.Batch, s.Step, s.EpochTokens) = ((int)position[0], (int)position[1], position[2], position[3]);
        s.Tokens = position.Length > 4 ? position[4] : 0;
        s.SkippedSteps = position.Length > 5 ? position[5] : 0;
        (s.BestValidLoss, s.EpochLossSum, s.ElapsedSeconds) = (sums[0], sums[1], sums[2]);
        try
        {
            trainer.DropoutRng.State = file.GetUInt64s("trainer.rng");
            var buffers = trainer.Optimizer.StateBuffers.Select(b => (b.Name, file.GetFloats("optim." + b.Name))).ToList();
            trainer.Optimizer.RestoreState(file.GetInt64("optim.step"), buffers);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{file.Source}: malformed optimiser state: {e.Message}", e);
        }
    }
}
