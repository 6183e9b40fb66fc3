using System.Text.Json;
using System.Text.Json.Serialization;
using Recur.IO;
using Recur.Layers;

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
