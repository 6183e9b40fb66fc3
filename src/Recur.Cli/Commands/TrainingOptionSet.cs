using System.CommandLine;
using System.Globalization;
using Recur.Kernels;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary>
/// The options every training verb shares — run directory, length, optimiser and schedule, clipping, seed, threads,
/// checkpoints, what to do with a non-finite step, resume and config file — and the one place that turns them into
/// <see cref="TrainOptions"/> and checks their ranges, so that an error names the option (<c>--batch-size: …</c>). Each
/// value comes from the command line, else the <c>--config</c> file, else its default.
/// </summary>
internal sealed class TrainingOptionSet
{
    /// <summary>
    /// The longest sequence a verb trains on whole (a line in line mode, a sentence, a text, a side of a pair): its
    /// backpropagation through time keeps every step, so a longer one would need gigabytes.
    /// </summary>
    public const int MaxSequenceTokens = 10_000;

    /// <summary>Checkpoints within an epoch when no <c>--checkpoint-every</c> is given.</summary>
    public const string DefaultCheckpointEvery = "10m";

    /// <summary>Creates the options with a verb's defaults.</summary>
    /// <param name="epochs">Default of --epochs.</param>
    /// <param name="batchSize">Default of --batch-size.</param>
    /// <param name="learningRate">Default of --lr.</param>
    /// <param name="threads">Default of --threads; null for every core.</param>
    /// <param name="outDefault">What --out defaults to, for --help (e.g. "runs/&lt;corpus name&gt;").</param>
    /// <param name="batchItems">What a batch holds, for --help ("sequences", "pairs").</param>
    public TrainingOptionSet(int epochs, int batchSize, double learningRate, int? threads, string outDefault, string batchItems = "sequences")
    {
        Out = new("--out") { Description = $"Run directory for checkpoints, metrics.csv and loss.svg (default {outDefault})." };
        Epochs = new("--epochs") { Description = "Passes over the training data.", DefaultValueFactory = _ => epochs };
        BatchSize = new("--batch-size") { Description = $"{char.ToUpperInvariant(batchItems[0])}{batchItems[1..]} per batch.", DefaultValueFactory = _ => batchSize };
        Lr = new("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => learningRate };
        Threads = new("--threads")
        {
            Description = $"Worker threads for matrix products (default: {(threads is int n ? n.ToString(CultureInfo.InvariantCulture) : "all cores")}).",
            DefaultValueFactory = _ => threads ?? Environment.ProcessorCount,
        };
    }

    public Option<string?> Out { get; }
    public Option<int> Epochs { get; }
    public Option<double?> Budget { get; } = new("--time-budget") { Description = "Stop after this many seconds (a checkpoint is saved)." };
    public Option<int> BatchSize { get; }
    public Option<string> Optimizer { get; } = new("--optimizer") { Description = "sgd, adam, adamw or rmsprop.", DefaultValueFactory = _ => "adam" };
    public Option<double> Lr { get; }
    public Option<double> Momentum { get; } = new("--momentum") { Description = "SGD or RMSprop momentum.", DefaultValueFactory = _ => 0.0 };
    public Option<double> WeightDecay { get; } = new("--weight-decay") { Description = "Weight decay.", DefaultValueFactory = _ => 0.0 };
    public Option<double> LrDecay { get; } = new("--lr-decay") { Description = "Multiply the learning rate by this after each epoch from --decay-after on.", DefaultValueFactory = _ => 1.0 };
    public Option<int> DecayAfter { get; } = new("--decay-after") { Description = "First epoch after which the learning rate decays.", DefaultValueFactory = _ => 1 };
    public Option<double?> ClipNorm { get; } = new("--clip-norm") { Description = "Clip the global gradient norm (default 5; 0 turns it off)." };
    public Option<double?> ClipValue { get; } = new("--clip-value") { Description = "Clip each gradient element to ±value." };
    public Option<ulong> Seed { get; } = new("--seed") { Description = "Seed of initialisation, shuffling and dropout (and of held-out splits and generated data).", DefaultValueFactory = _ => 1UL };
    public Option<int> Threads { get; }

    public Option<string> CheckpointEvery { get; } = new("--checkpoint-every")
    {
        Description = "Also save latest.ckpt within epochs: every N seconds (N, Ns, Nm, Nh) or every N batches (Nsteps); off for epoch ends only.",
        DefaultValueFactory = _ => DefaultCheckpointEvery,
    };

    public Option<string> OnNonFinite { get; } = new("--on-nonfinite")
    {
        Description = "A step whose loss or gradient is NaN or infinite: stop (exit code 3, the last checkpoint kept) or skip it and go on.",
        DefaultValueFactory = _ => "stop",
    };

    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue the run in --out from its latest checkpoint." };

    public Option<bool> LogGradNorm { get; } = new("--log-grad-norm")
    {
        Description = $"Log every step's global gradient norm before clipping, clipped steps marked, to {GradientNormFiles.Csv} and {GradientNormFiles.Svg} in --out.",
    };
    public Option<string?> Config { get; } = new("--config") { Description = "JSON file of option values (keys as the option names without dashes); the command line wins." };

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[]
        {
            Out, Epochs, Budget, BatchSize, Optimizer, Lr, Momentum, WeightDecay, LrDecay, DecayAfter, ClipNorm, ClipValue, Seed, Threads,
            CheckpointEvery, OnNonFinite, Resume, LogGradNorm, Config,
        })
            command.Options.Add(option);
    }

    /// <summary>The --config file (empty when none is given).</summary>
    public ConfigFile LoadConfig(ParseResult parse) => ConfigFile.Load(parse.GetValue(Config));

    /// <summary>
    /// Sets the kernel threads and returns the checked training options; <paramref name="verbOptions"/> adds a verb's
    /// own fields (e.g. --seq-len) before the check.
    /// </summary>
    /// <exception cref="ArgumentException">A value is out of range; the message starts with the option's name.</exception>
    public TrainOptions Build(ParseResult parse, ConfigFile config, Func<TrainOptions, TrainOptions>? verbOptions = null)
    {
        T Get<T>(Option<T> option) => config.Get(parse, option);
        int threads = Get(Threads);
        if (threads <= 0) throw new ArgumentException($"--threads must be positive, got {threads}.");
        KernelThreads.Count = threads;
        double? clip = Get(ClipNorm) ?? 5.0;
        var (interval, steps) = ParseCheckpointEvery(Get(CheckpointEvery));
        var options = new TrainOptions
        {
            Epochs = Get(Epochs),
            TimeBudget = Get(Budget) is double s ? Seconds(s, "--time-budget") : null,
            BatchSize = Get(BatchSize),
            Optimizer = Get(Optimizer),
            LearningRate = Get(Lr),
            Momentum = Get(Momentum),
            WeightDecay = Get(WeightDecay),
            LrDecay = Get(LrDecay),
            DecayAfter = Get(DecayAfter),
            ClipNorm = clip == 0 ? null : clip,
            ClipValue = Get(ClipValue),
            Seed = Get(Seed),
            OnNonFinite = ParseOnNonFinite(Get(OnNonFinite)),
            CheckpointInterval = interval,
            CheckpointSteps = steps,
        };
        if (verbOptions is not null) options = verbOptions(options);
        Check(options);
        return options;
    }

    /// <summary>
    /// The training options to resume with: those saved in the checkpoint, with --epochs, --time-budget,
    /// --checkpoint-every and --on-nonfinite replaced when given again (they do not change the arithmetic of a step).
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint holds no training options.</exception>
    public TrainOptions Resumed(ParseResult parse, ConfigFile config, TrainOptions? saved, TrainOptions given, string checkpoint)
    {
        if (saved is null) throw new InvalidDataException($"{checkpoint}: the checkpoint holds no training options.");
        var resumed = saved with
        {
            Epochs = config.IsSet(parse, Epochs) ? given.Epochs : saved.Epochs,
            TimeBudget = config.IsSet(parse, Budget) ? given.TimeBudget : saved.TimeBudget,
            OnNonFinite = config.IsSet(parse, OnNonFinite) ? given.OnNonFinite : saved.OnNonFinite,
        };
        if (config.IsSet(parse, CheckpointEvery))
            resumed = resumed with { CheckpointInterval = given.CheckpointInterval, CheckpointSteps = given.CheckpointSteps };
        Check(resumed);
        return resumed;
    }

    /// <summary>
    /// The run directory, --out or runs/&lt;<paramref name="defaultName"/>&gt;, checked to be creatable and writable
    /// before any data is read (it is created only when training starts).
    /// </summary>
    /// <exception cref="ArgumentException">Neither is given.</exception>
    /// <exception cref="IOException">The directory cannot be created or written in.</exception>
    public string OutDirectory(ParseResult parse, ConfigFile config, string? defaultName)
    {
        string? dir = config.Get(parse, Out);
        if (dir is null)
        {
            if (defaultName is null) throw new ArgumentException("Give --out (the run to resume).");
            dir = Path.Combine("runs", defaultName);
        }
        CheckWritable(dir);
        return dir;
    }

    /// <summary>Checks that <paramref name="dir"/> is, or can be created as, a directory this process can write in.</summary>
    /// <exception cref="IOException">A file stands in the way, or the nearest existing directory is not writable.</exception>
    public static void CheckWritable(string dir)
    {
        string? existing = Path.GetFullPath(dir);
        while (existing is not null && !Directory.Exists(existing))
        {
            if (File.Exists(existing))
                throw new IOException(existing == Path.GetFullPath(dir) ? $"--out {dir}: is a file, expected a run directory." : $"--out {dir}: {existing} is a file, not a directory.");
            existing = Path.GetDirectoryName(existing);
        }
        if (existing is null) return;
        string probe = Path.Combine(existing, $".recur-write-test-{Environment.ProcessId}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"--out {dir}: cannot write in {existing}: {e.Message}", e);
        }
    }

    /// <summary>Checks <paramref name="options"/>, naming the option of a value out of range.</summary>
    /// <exception cref="ArgumentException">A value is out of range: "--option: what is wrong".</exception>
    public static void Check(TrainOptions options) => OptionCheck.Run(options.Validate);

    /// <summary>
    /// Builds a model, turning a size too large to index (more than 2³¹ − 1 parameters) or to allocate into an error that
    /// says so instead of a crash.
    /// </summary>
    /// <exception cref="ArgumentException">The model is too large.</exception>
    public static TModel NewModel<TModel>(Func<TModel> create)
    {
        try
        {
            return create();
        }
        catch (OverflowException e)
        {
            throw new ArgumentException("The model would have more than 2,147,483,647 parameters; lower --hidden-size, --embedding-size or --layers.", e);
        }
        catch (OutOfMemoryException e)
        {
            throw new ArgumentException("The model does not fit in memory; lower --hidden-size, --embedding-size or --layers.", e);
        }
    }

    /// <summary>
    /// Parses --checkpoint-every: N or Ns seconds, Nm minutes, Nh hours, Nsteps batches, or off (also 0).
    /// </summary>
    /// <exception cref="ArgumentException">Another form, or a value that is not positive.</exception>
    public static (TimeSpan? Interval, int? Steps) ParseCheckpointEvery(string text)
    {
        string t = text.Trim().ToLowerInvariant();
        if (t is "off" or "0") return (null, null);
        const string Expected = "expected N, Ns, Nm or Nh (time), Nsteps (batches) or off";
        if (t.EndsWith("steps", StringComparison.Ordinal) || t.EndsWith("step", StringComparison.Ordinal))
        {
            string number = t.EndsWith('s') ? t[..^5] : t[..^4];
            if (!int.TryParse(number.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int steps) || steps <= 0)
                throw new ArgumentException($"--checkpoint-every '{text}': the number of steps must be a positive integer ({Expected}).");
            return (null, steps);
        }
        double unit = 1;
        if (t.Length > 0 && char.IsAsciiLetter(t[^1]))
        {
            unit = t[^1] switch
            {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                _ => throw new ArgumentException($"--checkpoint-every '{text}': unknown unit '{t[^1]}' ({Expected})."),
            };
            t = t[..^1];
        }
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value > 0))
            throw new ArgumentException($"--checkpoint-every '{text}': {Expected}, with a positive number.");
        return (Seconds(value * unit, "--checkpoint-every"), null);
    }

    /// <summary>Parses --on-nonfinite: stop or skip.</summary>
    /// <exception cref="ArgumentException">Another value.</exception>
    public static NonFiniteAction ParseOnNonFinite(string text) => text switch
    {
        "stop" => NonFiniteAction.Stop,
        "skip" => NonFiniteAction.Skip,
        _ => throw new ArgumentException($"--on-nonfinite '{text}': expected stop or skip."),
    };

    /// <summary>A number of seconds as a time span, checked: positive, finite and representable.</summary>
    /// <exception cref="ArgumentException">Not positive, not finite, or more than a time span holds.</exception>
    public static TimeSpan Seconds(double seconds, string option)
    {
        if (!(seconds > 0) || !(seconds < TimeSpan.MaxValue.TotalSeconds))
            throw new ArgumentException($"{option}: expected a positive number of seconds below {TimeSpan.MaxValue.TotalSeconds:E2}, got {seconds.ToString(CultureInfo.InvariantCulture)}.");
        return TimeSpan.FromSeconds(seconds);
    }
}
