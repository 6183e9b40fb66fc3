using System.Text.Json;
using Recur.Text;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary>Where the training text comes from and how it is cut; stored in the checkpoint so that --resume rebuilds it.</summary>
internal sealed record TrainData
{
    public const string BundledName = "<bundled dinos>";

    public string Corpus { get; init; } = BundledName;
    public string Level { get; init; } = "char";
    public string Mode { get; init; } = "line";
    public int VocabSize { get; init; } = 10000;
    public bool LowerCase { get; init; }
    public string? Valid { get; init; }
    public string? Test { get; init; }
    public double ValidFraction { get; init; } = 0.1;

    public TokenLevel TokenLevel => Level switch
    {
        "char" => TokenLevel.Char,
        "word" => TokenLevel.Word,
        "whitespace" => TokenLevel.Whitespace,
        _ => throw new ArgumentException($"Unknown level '{Level}'. Expected char, word or whitespace."),
    };

    public void Validate()
    {
        _ = TokenLevel;
        if (Mode is not ("line" or "stream")) throw new ArgumentException($"Unknown mode '{Mode}'. Expected line or stream.");
        if (VocabSize < 3) throw new ArgumentException($"--vocab-size must be at least 3, got {VocabSize}.");
        if (Valid is null && !(ValidFraction > 0 && ValidFraction < 1))
            throw new ArgumentException($"--valid-fraction must be in (0, 1), got {ValidFraction}.");
        foreach (var path in new[] { Corpus == BundledName ? null : Corpus, Valid, Test })
        {
            if (path is null) continue;
            if (Directory.Exists(path)) throw new ArgumentException($"{path}: is a directory, expected a text file.");
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.");
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this);

    public static TrainData FromJson(string json, string source) =>
        JsonSerializer.Deserialize<TrainData>(json) ?? throw new InvalidDataException($"{source}: empty data description.");

    /// <summary>The corpus as a file path: the bundled names are written to a temporary file first.</summary>
    public string CorpusPath(List<string> temporaryFiles)
    {
        if (Corpus != BundledName) return Corpus;
        string path = Path.Combine(Path.GetTempPath(), $"recur-dinos-{Environment.ProcessId}.txt");
        using (var resource = typeof(TrainData).Assembly.GetManifestResourceStream("Recur.Cli.Data.dinos.txt")
            ?? throw new InvalidOperationException("The bundled dinosaur names are missing from the program."))
        using (var file = File.Create(path))
            resource.CopyTo(file);
        temporaryFiles.Add(path);
        return path;
    }

    /// <summary>
    /// Builds the training and validation batch sources, and a test source when a test file is given. The test source
    /// is the one the reported test perplexity is defined on: in stream mode the whole file as one stream with
    /// &lt;eos&gt; after every line and the state carried throughout (<see cref="LanguageModelEvaluation.Stream"/>);
    /// in line mode every line on its own, from a zero state with &lt;eos&gt; as start token, its own &lt;eos&gt; predicted.
    /// </summary>
    public (IBatchSource Train, IBatchSource Valid, IBatchSource? Test, long TrainTokens) Load(
        string corpus, Vocabulary vocabulary, TrainOptions options)
    {
        var splitRng = new Rng(options.Seed ^ 0x5B11_7000UL);
        if (Mode == "line")
        {
            var examples = CheckLength(CorpusReader.ReadLines(corpus, vocabulary), corpus);
            int[][] train, valid;
            if (Valid is not null) (train, valid) = (examples, CheckLength(CorpusReader.ReadLines(Valid, vocabulary), Valid));
            else (train, valid) = CorpusSplit.SplitLines(examples, ValidFraction, splitRng);
            IBatchSource? test = Test is null ? null : new LineBatchSource(new LineBatcher(CheckLength(CorpusReader.ReadLines(Test, vocabulary), Test), options.BatchSize), null);
            return (new LineBatchSource(new LineBatcher(train, options.BatchSize, bucketByLength: true), options.Seed),
                    new LineBatchSource(new LineBatcher(valid, options.BatchSize), null), test,
                    train.Sum(e => (long)e.Length + 1));
        }
        var ids = CorpusReader.ReadStream(corpus, vocabulary);
        ReadOnlyMemory<int> trainIds, validIds;
        if (Valid is not null) (trainIds, validIds) = (ids, CorpusReader.ReadStream(Valid, vocabulary));
        else (trainIds, validIds) = CorpusSplit.SplitStream(ids, ValidFraction);
        // Every one of the B streams must hold at least one full window of inputs and targets.
        long streamLength = trainIds.Length / options.BatchSize;
        if (streamLength - 1 < options.SeqLen)
        {
            throw new ArgumentException(
                $"--seq-len {options.SeqLen} is longer than the training text allows: {trainIds.Length:N0} tokens in " +
                $"{options.BatchSize} streams of {streamLength:N0}; lower --seq-len or --batch-size.");
        }
        // A stream read from a file has at least one token and its <eos>.
        IBatchSource? testSource = Test is null ? null : LanguageModelEvaluation.StreamSource(CorpusReader.ReadStream(Test, vocabulary));
        // Validation as Zaremba et al. during training: B parallel streams (fewer for a short text), state carried.
        return (new StreamBatchSource(new StreamBatcher(trainIds, options.BatchSize, options.SeqLen)),
                new StreamBatchSource(new StreamBatcher(validIds, Math.Min(options.BatchSize, Math.Max(1, validIds.Length / (options.SeqLen + 1))), options.SeqLen)),
                testSource, trainIds.Length);
    }

    // Line mode backpropagates through a whole line at once.
    private static int[][] CheckLength(int[][] lines, string path)
    {
        int longest = lines.Max(l => l.Length);
        if (longest > TrainingOptionSet.MaxSequenceTokens)
            throw new InvalidDataException(
                $"{path}: a line of {longest:N0} tokens is longer than line mode trains on ({TrainingOptionSet.MaxSequenceTokens:N0}); use --mode stream.");
        return lines;
    }
}
