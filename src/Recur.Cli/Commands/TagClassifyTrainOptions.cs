using System.CommandLine;
using Recur.Cells;
using Recur.Kernels;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary>
/// The options <c>recur tag train</c> and <c>recur classify train</c> share: recurrent network shape, optimiser and
/// schedule, run directory, resume and config file. Each value comes from the command line, else the --config file,
/// else its default.
/// </summary>
internal sealed class TagClassifyTrainOptions
{
    public Option<string?> Out { get; } = new("--out") { Description = "Run directory for checkpoints, metrics.csv and loss.svg (default runs/<training file name>)." };
    public Option<int> Epochs { get; } = new("--epochs") { Description = "Passes over the training data.", DefaultValueFactory = _ => 10 };
    public Option<double?> Budget { get; } = new("--time-budget") { Description = "Stop after this many seconds (a checkpoint is saved)." };
    public Option<string> Cell { get; } = new("--cell") { Description = "rnn-tanh, rnn-relu, gru-simple, gru, gru-after, lstm or lstm-peephole.", DefaultValueFactory = _ => "lstm" };
    public Option<int> Layers { get; } = new("--layers") { Description = "Stacked recurrent layers.", DefaultValueFactory = _ => 1 };
    public Option<int> Hidden { get; } = new("--hidden-size") { Description = "Hidden units per layer and direction.", DefaultValueFactory = _ => 100 };
    public Option<int> Embedding { get; } = new("--embedding-size") { Description = "Token embedding width (with --pretrained: the vectors' dimension).", DefaultValueFactory = _ => 100 };
    public Option<double> Dropout { get; } = new("--dropout") { Description = "Dropout on the recurrent network's input, between its layers and on its output.", DefaultValueFactory = _ => 0.0 };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Sequences per batch.", DefaultValueFactory = _ => 32 };
    public Option<string> Optimizer { get; } = new("--optimizer") { Description = "sgd, adam, adamw or rmsprop.", DefaultValueFactory = _ => "adam" };
    public Option<double> Lr { get; } = new("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => 2e-3 };
    public Option<double> Momentum { get; } = new("--momentum") { Description = "SGD or RMSprop momentum.", DefaultValueFactory = _ => 0.0 };
    public Option<double> WeightDecay { get; } = new("--weight-decay") { Description = "Weight decay.", DefaultValueFactory = _ => 0.0 };
    public Option<double> LrDecay { get; } = new("--lr-decay") { Description = "Multiply the learning rate by this after each epoch from --decay-after on.", DefaultValueFactory = _ => 1.0 };
    public Option<int> DecayAfter { get; } = new("--decay-after") { Description = "First epoch after which the learning rate decays.", DefaultValueFactory = _ => 1 };
    public Option<double?> ClipNorm { get; } = new("--clip-norm") { Description = "Clip the global gradient norm (default 5; 0 turns it off)." };
    public Option<double?> ClipValue { get; } = new("--clip-value") { Description = "Clip each gradient element to ±value." };
    public Option<ulong> Seed { get; } = new("--seed") { Description = "Seed of initialisation, shuffling and dropout.", DefaultValueFactory = _ => 1UL };
    public Option<int> Threads { get; } = new("--threads") { Description = "Worker threads for matrix products (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue the run in --out from its latest checkpoint." };
    public Option<string?> Config { get; } = new("--config") { Description = "JSON file of option values (keys as the option names without dashes); the command line wins." };

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[]
        {
            Out, Epochs, Budget, Cell, Layers, Hidden, Embedding, Dropout, BatchSize, Optimizer, Lr, Momentum, WeightDecay, LrDecay,
            DecayAfter, ClipNorm, ClipValue, Seed, Threads, Resume, Config,
        })
            command.Options.Add(option);
    }

    /// <summary>Sets the kernel threads and returns the training options.</summary>
    public TrainOptions TrainOptions(ParseResult parse, ConfigFile config)
    {
        int threads = config.Get(parse, Threads);
        if (threads <= 0) throw new ArgumentException($"--threads must be positive, got {threads}.");
        KernelThreads.Count = threads;
        double? clip = config.Get(parse, ClipNorm) ?? 5.0;
        return new TrainOptions
        {
            Epochs = config.Get(parse, Epochs),
            TimeBudget = config.Get(parse, Budget) is double s ? TimeSpan.FromSeconds(s) : null,
            BatchSize = config.Get(parse, BatchSize),
            Optimizer = config.Get(parse, Optimizer),
            LearningRate = config.Get(parse, Lr),
            Momentum = config.Get(parse, Momentum),
            WeightDecay = config.Get(parse, WeightDecay),
            LrDecay = config.Get(parse, LrDecay),
            DecayAfter = config.Get(parse, DecayAfter),
            ClipNorm = clip == 0 ? null : clip,
            ClipValue = config.Get(parse, ClipValue),
            Seed = config.Get(parse, Seed),
        };
    }

    /// <summary>The cell named by --cell.</summary>
    public CellKind CellKind(ParseResult parse, ConfigFile config) => CellKinds.Parse(config.Get(parse, Cell));

    /// <summary>
    /// The training options to resume with: those saved in the checkpoint, with --epochs and --time-budget replaced
    /// when given again.
    /// </summary>
    public TrainOptions Resumed(ParseResult parse, ConfigFile config, TrainOptions? saved, TrainOptions given, string checkpoint)
    {
        if (saved is null) throw new InvalidDataException($"{checkpoint}: the checkpoint holds no training options.");
        return saved with
        {
            Epochs = config.IsSet(parse, Epochs) ? given.Epochs : saved.Epochs,
            TimeBudget = config.IsSet(parse, Budget) ? given.TimeBudget : saved.TimeBudget,
        };
    }

    /// <summary>The run directory: --out, or runs/&lt;name of the training file&gt;.</summary>
    public string OutDirectory(ParseResult parse, ConfigFile config, string? trainPath)
    {
        string? dir = config.Get(parse, Out);
        if (dir is not null) return dir;
        if (trainPath is null) throw new ArgumentException("Give --out (the run to resume).");
        return Path.Combine("runs", Path.GetFileNameWithoutExtension(trainPath));
    }

    /// <summary>Checks that a file given on the command line exists and is not a directory.</summary>
    public static void CheckFile(string? path, string option)
    {
        if (path is null) return;
        if (Directory.Exists(path)) throw new ArgumentException($"{option} {path}: is a directory, expected a file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"{option} {path}: no such file.");
    }
}
