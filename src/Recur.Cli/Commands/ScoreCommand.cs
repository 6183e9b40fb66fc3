using System.CommandLine;
using System.Globalization;
using Recur.Models;
using Recur.Text;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary><c>recur score</c>: log-probabilities of sentences, or the perplexity of a file.</summary>
internal static class ScoreCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string>("--model") { Description = "Checkpoint file or run directory (then its best checkpoint).", Required = true };
        var half = new Option<bool>("--half") { Description = "Run with the weight matrices rounded to half precision (half the bytes read per token)." };
        var text = new Option<string[]>("--text") { Description = "A sentence to score; give several to rank them.", AllowMultipleArgumentsPerToken = false };
        var file = new Option<string?>("--file") { Description = "Report the perplexity of this file." };
        var mode = new Option<string?>("--mode")
        {
            Description = "How --file is read: stream (the whole file as one stream, <eos> after every line, state carried: the " +
                "published PTB metric) or line (each line scored alone). Default: the mode the model was trained in.",
        };
        var perToken = new Option<bool>("--per-token") { Description = "Also print log P of every token given the ones before it." };
        var command = new Command("score", "Score sentences (log P as a sum of log conditionals) or a file's perplexity.")
        {
            model, text, file, mode, perToken, half,
        };
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            var texts = parse.GetValue(text) ?? [];
            string? path = parse.GetValue(file);
            if ((texts.Length == 0) == (path is null)) throw new ArgumentException("Give either --text (one or more times) or --file.");
            var checkpoint = LanguageModelCheckpoint.Load(CommandRunner.ResolveModel(parse.GetValue(model)!));
            if (parse.GetValue(half)) checkpoint.Model.SetHalfPrecisionWeights(true);
            var vocabulary = checkpoint.Vocabulary;
            var scorer = new SequenceScorer<float>(checkpoint.Model, Vocabulary.EosId);
            var output = Console.Out;
            if (path is not null)
            {
                if (Directory.Exists(path)) throw new ArgumentException($"{path}: is a directory, expected a text file.");
                string how = parse.GetValue(mode) ?? TrainedMode(checkpoint);
                if (how == "stream")
                {
                    // The same evaluation as the test perplexity printed by train in stream mode.
                    var ids = CorpusReader.ReadStream(path, vocabulary);
                    var result = LanguageModelEvaluation.Stream(checkpoint.Model, ids);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"perplexity {result.Perplexity:F3}\tone stream of {ids.Length} tokens (<eos> after each line), " +
                        $"{result.Tokens} predicted with the state carried, log P {-result.Loss * result.Tokens:F3}"));
                    return 0;
                }
                if (how != "line") throw new ArgumentException($"Unknown mode '{how}'. Expected line or stream.");
                double sum = 0;
                long tokens = 0, sentences = 0;
                foreach (var ids in CorpusReader.ReadLines(path, vocabulary))
                {
                    sum += scorer.LogProbability(ids);
                    tokens += ids.Length + 1;
                    sentences++;
                }
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"perplexity {Math.Exp(-sum / tokens):F3}\t{sentences} sentences, {tokens} tokens (each line alone, with <eos>), log P {sum:F3}"));
                return 0;
            }
            var scored = texts.Select(t => (Text: t, Scores: scorer.Score(vocabulary.Encode(t)))).ToList();
            foreach (var (t, scores) in scored.OrderByDescending(s => s.Scores.Sum(x => x.LogProbability)))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scores.Sum(x => x.LogProbability):F4}\t{t}"));
                if (!parse.GetValue(perToken)) continue;
                foreach (var s in scores)
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\t{s.LogProbability:F4}\t{Printable(vocabulary.Token(s.Id))}"));
            }
            return 0;
        }));
        return command;
    }

    /// <summary>The --mode the checkpoint's model was trained with ("line" when it does not say).</summary>
    private static string TrainedMode(LanguageModelCheckpoint checkpoint)
    {
        try
        {
            return TrainData.FromJson(checkpoint.Data, checkpoint.File.Source).Mode;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException)
        {
            return "line";
        }
    }

    private static string Printable(string token) => token switch
    {
        "\n" => "\\n",
        "\t" => "\\t",
        " " => "' '",
        _ => token,
    };
}
