using System.CommandLine;
using System.Globalization;
using Recur.Kernels;
using Recur.Models;
using Recur.Text;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary><c>recur translate evaluate</c>: corpus BLEU and exact match of a trained encoder–decoder on a set of pairs.</summary>
internal static class TranslateEvaluateCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string>("--model") { Description = "Checkpoint file or run directory (then its best checkpoint).", Required = true };
        var data = new Option<string?>("--data") { Description = "Pairs to score, in the column order of the training file (e.g. the run's test.tsv)." };
        var task = new Option<string?>("--task") { Description = "dates: score on freshly generated held-out dates instead of --data." };
        var count = new Option<int>("--count") { Description = "Dates task: pairs to generate.", DefaultValueFactory = _ => 2000 };
        var seed = new Option<ulong>("--seed") { Description = "Dates task: seed of the generated pairs.", DefaultValueFactory = _ => 12345UL };
        var limit = new Option<int>("--limit") { Description = "Score only the first N pairs (0: all).", DefaultValueFactory = _ => 0 };
        var beam = new Option<int>("--beam") { Description = "Beam width (1: greedy decoding).", DefaultValueFactory = _ => 1 };
        var lengthPenalty = new Option<double>("--length-penalty") { Description = "α of GNMT's length penalty ((5+|Y|)/6)^α for beam search (0: rank by log-probability).", DefaultValueFactory = _ => 0.6 };
        var maxLength = new Option<int?>("--max-length") { Description = "Most output tokens (default 2·source tokens + 10)." };
        var allowUnk = new Option<bool>("--allow-unk") { Description = "Let decoding output <unk> (by default the next best token takes its place)." };
        var output = new Option<string?>("--output") { Description = "Write the translations here, one per line." };
        var threads = new Option<int>("--threads") { Description = "Worker threads for matrix products (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("evaluate", "Score a trained encoder–decoder: corpus BLEU (sacreBLEU's default: 13a, exp smoothing) and exact match.")
        {
            model, data, task, count, seed, limit, beam, lengthPenalty, maxLength, output, threads, allowUnk,
        };
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            int width = parse.GetValue(beam), n = parse.GetValue(limit), threadCount = parse.GetValue(threads);
            if (width <= 0) throw new ArgumentException($"--beam must be positive, got {width}.");
            if (n < 0) throw new ArgumentException($"--limit must be ≥ 0, got {n}.");
            if (threadCount <= 0) throw new ArgumentException($"--threads must be positive, got {threadCount}.");
            KernelThreads.Count = threadCount;
            string? dataPath = parse.GetValue(data), taskName = parse.GetValue(task);
            if ((dataPath is null) == (taskName is null)) throw new ArgumentException("Give either --data FILE or --task dates.");
            if (taskName is not null && taskName != TranslateData.DatesTask) throw new ArgumentException($"Unknown task '{taskName}'. Expected dates.");
            string path = CommandRunner.ResolveModel(parse.GetValue(model)!);
            var checkpoint = Seq2SeqCheckpoint.Load(path);
            var description = TranslateData.FromJson(checkpoint.Data, path);
            IReadOnlyList<(string Source, string Target)> pairs;
            if (dataPath is not null)
            {
                if (!File.Exists(dataPath)) throw new FileNotFoundException($"--data {dataPath}: no such file.");
                pairs = description.Read(dataPath);
            }
            else
            {
                int c = parse.GetValue(count);
                if (c <= 0) throw new ArgumentException($"--count must be positive, got {c}.");
                pairs = DateTask.Samples(c, new Rng(parse.GetValue(seed)), heldOut: true);
            }
            var translator = new Seq2SeqTranslator(checkpoint.Model, checkpoint.SourceVocabulary, checkpoint.TargetVocabulary, parse.GetValue(allowUnk));
            var usable = pairs.Where(p => checkpoint.SourceVocabulary.Encode(p.Source).Length > 0).ToList();
            if (n > 0 && usable.Count > n) usable = usable.GetRange(0, n);
            if (usable.Count == 0) throw new ArgumentException("No pair has a source token to translate.");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var scores = translator.Evaluate(usable, width, parse.GetValue(lengthPenalty), parse.GetValue(maxLength));
            if (parse.GetValue(output) is string outPath)
                TranslateData.WriteText(outPath, string.Concat(scores.Hypotheses.Select(h => h + "\n")));
            string decoding = width == 1 ? "greedy" : string.Create(CultureInfo.InvariantCulture, $"beam {width}, length penalty α = {parse.GetValue(lengthPenalty)}");
            int skipped = pairs.Count - usable.Count;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{scores.Bleu}; exact match {TranslateData.Percent(scores.ExactMatch)} ({scores.Count} pairs, {decoding}, " +
                $"{clock.Elapsed.TotalSeconds:F1} s{(skipped > 0 && n == 0 ? $"; {skipped} without a source token skipped" : "")})"));
            return 0;
        }));
        return command;
    }
}
