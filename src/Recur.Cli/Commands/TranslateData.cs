using System.Globalization;
using System.Text;
using System.Text.Json;
using Recur.IO;
using Recur.Models;
using Recur.Text;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary>
/// Where <c>recur translate train</c>'s pairs come from and how they are cut; stored in the checkpoint so that --resume
/// rebuilds the same splits. Either a parallel-text file (<c>source&lt;TAB&gt;target</c>, columns swapped with
/// <see cref="Reverse"/>) with held-out validation and test parts, or the synthetic dates task.
/// </summary>
internal sealed record TranslateData
{
    public const string DatesTask = "dates";

    public string? Data { get; init; }
    public string? Task { get; init; }
    public bool Reverse { get; init; }
    public string Level { get; init; } = "word";
    public bool LowerCase { get; init; }
    public int VocabSize { get; init; } = 10000;
    public int MinCount { get; init; } = 1;
    public int MaxLength { get; init; }
    public string? Valid { get; init; }
    public string? Test { get; init; }
    public double ValidFraction { get; init; } = 0.05;
    public double TestFraction { get; init; } = 0.05;
    public int Examples { get; init; } = 50000;
    public int ValidCount { get; init; } = 2000;
    public int EvalCount { get; init; } = 1000;

    public bool IsDates => Task == DatesTask;

    /// <summary>What the run trains on, for messages.</summary>
    public string Name => IsDates ? "the dates task" : Data!;

    public TokenLevel TokenLevel => IsDates ? TokenLevel.Char : Level switch
    {
        "char" => TokenLevel.Char,
        "word" => TokenLevel.Word,
        "whitespace" => TokenLevel.Whitespace,
        _ => throw new ArgumentException($"Unknown level '{Level}'. Expected char, word or whitespace."),
    };

    public void Validate()
    {
        if ((Data is null) == (Task is null)) throw new ArgumentException("Give either --data FILE or --task dates.");
        if (Task is not null && Task != DatesTask) throw new ArgumentException($"Unknown task '{Task}'. Expected dates.");
        _ = TokenLevel;
        if (VocabSize < 3) throw new ArgumentException($"--vocab-size must be at least 3, got {VocabSize}.");
        if (MinCount < 1) throw new ArgumentException($"--min-count must be at least 1, got {MinCount}.");
        if (MaxLength < 0 || MaxLength > TrainingOptionSet.MaxSequenceTokens)
            throw new ArgumentException($"--max-length must be in 0 (no limit) to {TrainingOptionSet.MaxSequenceTokens:N0}, got {MaxLength}.");
        if (Examples <= 0) throw new ArgumentException($"--examples must be positive, got {Examples}.");
        if (ValidCount <= 0) throw new ArgumentException($"--valid-count must be positive, got {ValidCount}.");
        if (EvalCount < 0) throw new ArgumentException($"--eval-count must be ≥ 0, got {EvalCount}.");
        if (Valid is null && !(ValidFraction > 0 && ValidFraction < 1))
            throw new ArgumentException($"--valid-fraction must be in (0, 1), got {ValidFraction}.");
        if (Test is null && !(TestFraction >= 0 && TestFraction < 1))
            throw new ArgumentException($"--test-fraction must be in [0, 1), got {TestFraction}.");
        if (Valid is null && Test is null && ValidFraction + TestFraction >= 1)
            throw new ArgumentException("--valid-fraction and --test-fraction leave nothing to train on.");
        foreach (var (path, option) in new[] { (Data, "--data"), (Valid, "--valid"), (Test, "--test") })
        {
            if (path is null) continue;
            if (Directory.Exists(path)) throw new ArgumentException($"{option} {path}: is a directory, expected a file.");
            if (!File.Exists(path)) throw new FileNotFoundException($"{option} {path}: no such file.");
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this);

    public static TranslateData FromJson(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<TranslateData>(json) ?? throw new InvalidDataException($"{source}: empty data description.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: invalid data description: {e.Message}", e);
        }
    }

    /// <summary>The pairs of a file in this run's direction.</summary>
    public IReadOnlyList<(string Source, string Target)> Read(string path) => ParallelTextReader.Read(path, Reverse);

    /// <summary>
    /// Training, validation and test pairs as text. Pairs longer than --max-length tokens on either side are left out
    /// of every part (the task is then "pairs of at most N tokens"). A file is split after a shuffle seeded by <paramref name="seed"/>
    /// (test last, then validation), unless --valid or --test files are given; the dates task draws training pairs per
    /// epoch (not listed here), and validation and test pairs from the held-out dates with their own seeds.
    /// </summary>
    public (IReadOnlyList<(string Source, string Target)> Train, IReadOnlyList<(string Source, string Target)> Valid,
        IReadOnlyList<(string Source, string Target)> Test) Splits(ulong seed)
    {
        if (IsDates)
        {
            return ([], DateTask.Samples(ValidCount, new Rng(seed ^ 0x0DA7_E5A1_1DUL), heldOut: true),
                    DateTask.Samples(ValidCount, new Rng(seed ^ 0x0DA7_E7E5_7UL), heldOut: true));
        }
        var pairs = Read(Data!).Where(Fits).ToList();
        var order = Enumerable.Range(0, pairs.Count).ToArray();
        var rng = new Rng(seed ^ 0x5B11_7000UL);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        int test = Test is not null ? 0 : (int)Math.Ceiling((decimal)TestFraction * pairs.Count);
        int valid = Valid is not null ? 0 : Math.Max(1, (int)Math.Ceiling((decimal)ValidFraction * pairs.Count));
        if (test + valid >= pairs.Count) throw new ArgumentException($"{Data}: {pairs.Count} pairs leave nothing to train on after the held-out parts.");
        // Each part keeps the file order of its pairs.
        IReadOnlyList<(string, string)> Part(int start, int count) => order.Skip(start).Take(count).Order().Select(i => pairs[i]).ToArray();
        int trainCount = pairs.Count - test - valid;
        return (Part(0, trainCount),
                Valid is not null ? Read(Valid).Where(Fits).ToArray() : Part(trainCount, valid),
                Test is not null ? Read(Test).Where(Fits).ToArray() : test > 0 ? Part(trainCount + valid, test) : []);
    }

    /// <summary>Whether a pair has at most --max-length tokens on each side (always, without a limit).</summary>
    public bool Fits((string Source, string Target) pair)
    {
        if (MaxLength == 0) return true;
        return Tokenizer.Split(pair.Source, TokenLevel, LowerCase).Count <= MaxLength && Tokenizer.Split(pair.Target, TokenLevel, LowerCase).Count <= MaxLength;
    }

    /// <summary>Source and target vocabularies: the fixed alphabets of the dates task, or built from the training pairs.</summary>
    public (Vocabulary Source, Vocabulary Target) Vocabularies(IReadOnlyList<(string Source, string Target)> train)
    {
        if (IsDates) return (DateTask.SourceVocabulary(), DateTask.TargetVocabulary());
        var source = new VocabularyBuilder(TokenLevel, LowerCase);
        var target = new VocabularyBuilder(TokenLevel, LowerCase);
        foreach (var (x, y) in train)
        {
            source.Add(x);
            target.Add(y);
        }
        int cap = TokenLevel == TokenLevel.Char ? int.MaxValue : VocabSize;
        return (source.Build(cap, MinCount), target.Build(cap, MinCount));
    }

    /// <summary>Ids of each pair; pairs whose source has no token are dropped.</summary>
    public (int[] Source, int[] Target)[] Encode(IReadOnlyList<(string Source, string Target)> pairs, Vocabulary source, Vocabulary target)
    {
        var encoded = new List<(int[], int[])>(pairs.Count);
        foreach (var (x, y) in pairs)
        {
            var xs = source.Encode(x);
            var ys = target.Encode(y);
            if (xs.Length == 0) continue;
            if (Math.Max(xs.Length, ys.Length) > TrainingOptionSet.MaxSequenceTokens)
                throw new InvalidDataException(
                    $"{Name}: a pair of {xs.Length:N0} and {ys.Length:N0} tokens is longer than a sequence may be ({TrainingOptionSet.MaxSequenceTokens:N0}); set --max-length to leave such pairs out.");
            encoded.Add((xs, ys));
        }
        return encoded.ToArray();
    }

    /// <summary>The training batches: fixed pairs reshuffled every epoch, or fresh dates every epoch.</summary>
    public IBatchSource<Seq2SeqBatch> TrainSource((int[] Source, int[] Target)[] train, Vocabulary source, Vocabulary target, int batchSize, ulong seed)
    {
        if (!IsDates) return new Seq2SeqBatchSource(train, batchSize, seed);
        int count = Examples;
        return new Seq2SeqGeneratedSource(epoch =>
            Encode(DateTask.Samples(count, new Rng(seed * 0x9E3779B97F4A7C15UL + (ulong)epoch + 0xDA7E), heldOut: false), source, target),
            count, batchSize, seed);
    }

    /// <summary>Writes held-out pairs as <c>column1&lt;TAB&gt;column2</c> in the order of the original file, so that the
    /// checkpoint's direction applies to them as to the training file.</summary>
    public void WriteSplit(string path, IReadOnlyList<(string Source, string Target)> pairs)
    {
        var text = new StringBuilder();
        foreach (var (x, y) in pairs)
            text.Append(Reverse ? y : x).Append('\t').Append(Reverse ? x : y).Append('\n');
        WriteText(path, text.ToString());
    }

    /// <summary>Writes UTF-8 text to a temporary file beside <paramref name="path"/>, then moves it into place.</summary>
    public static void WriteText(string path, string text) =>
        Recur.IO.AtomicFile.Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(text)));

    public static string Percent(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture) + "%";
}
