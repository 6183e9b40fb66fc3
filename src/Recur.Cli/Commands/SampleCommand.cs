using System.CommandLine;
using System.Globalization;
using Recur.Models;
using Recur.Text;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary><c>recur sample</c>: novel sequences from a trained language model.</summary>
internal static class SampleCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string>("--model") { Description = "Checkpoint file or run directory (then its best checkpoint).", Required = true };
        var half = new Option<bool>("--half") { Description = "Run with the weight matrices rounded to half precision (half the bytes read per token)." };
        var count = new Option<int>("--count") { Description = "Number of samples.", DefaultValueFactory = _ => 10 };
        var maxLength = new Option<int>("--max-length") { Description = "Most tokens per sample.", DefaultValueFactory = _ => 200 };
        var temperature = new Option<double>("--temperature") { Description = "Below 1 more conservative, above 1 more surprising.", DefaultValueFactory = _ => 1.0 };
        var topK = new Option<int>("--top-k") { Description = "Draw only among the K most probable tokens (0: all).", DefaultValueFactory = _ => 0 };
        var topP = new Option<double>("--top-p") { Description = "Draw only among the most probable tokens that make up probability P.", DefaultValueFactory = _ => 1.0 };
        var prime = new Option<string?>("--prime") { Description = "Text every sample starts with." };
        var seed = new Option<ulong?>("--seed") { Description = "Seed of the draws (default: time-based)." };
        var beam = new Option<int>("--beam") { Description = "Print the N most probable continuations by beam search instead of sampling.", DefaultValueFactory = _ => 0 };
        var noStop = new Option<bool>("--no-stop") { Description = "Do not stop at <eos>; generate --max-length tokens." };
        var command = new Command("sample", "Generate sequences from a language model.")
        {
            model, count, maxLength, temperature, topK, topP, prime, seed, beam, noStop, half,
        };
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            int n = parse.GetValue(count), max = parse.GetValue(maxLength), width = parse.GetValue(beam);
            if (n <= 0) throw new ArgumentException($"--count must be positive, got {n}.");
            if (max <= 0) throw new ArgumentException($"--max-length must be positive, got {max}.");
            if (width < 0) throw new ArgumentException($"--beam must be positive, got {width}.");
            var options = new SamplingOptions
            {
                Temperature = parse.GetValue(temperature), TopK = parse.GetValue(topK), TopP = parse.GetValue(topP),
            };
            OptionCheck.Run(options.Validate);
            var checkpoint = LanguageModelCheckpoint.Load(CommandRunner.ResolveModel(parse.GetValue(model)!));
            if (parse.GetValue(half)) checkpoint.Model.SetHalfPrecisionWeights(true);
            var vocabulary = checkpoint.Vocabulary;
            string primeText = parse.GetValue(prime) ?? "";
            var primeIds = vocabulary.Encode(primeText);
            string separator = vocabulary.Level == TokenLevel.Char ? "" : " ";
            var output = Console.Out;
            if (width > 0)
            {
                foreach (var b in new BeamSearch<float>(checkpoint.Model, Vocabulary.EosId).Search(primeIds, width, max))
                    output.WriteLine(Join(primeText, vocabulary.Decode(b.Tokens.ToArray()), separator) +
                        string.Create(CultureInfo.InvariantCulture, $"\t{b.LogProbability:F4}"));
                return 0;
            }
            var rng = new Rng(parse.GetValue(seed) ?? (ulong)DateTime.UtcNow.Ticks);
            var generator = new SequenceGenerator<float>(checkpoint.Model, options, Vocabulary.EosId);
            for (int i = 0; i < n; i++)
            {
                output.Write(primeText);
                bool first = primeText.Length == 0;
                foreach (int id in generator.Generate(primeIds, max, rng, stopAtEos: !parse.GetValue(noStop)))
                {
                    string token = vocabulary.Decode([id]);
                    output.Write(first ? token : separator + token);
                    first = false;
                    output.Flush();
                }
                output.WriteLine();
            }
            return 0;
        }));
        return command;
    }

    private static string Join(string prime, string continuation, string separator) =>
        prime.Length == 0 ? continuation : continuation.Length == 0 ? prime : prime + separator + continuation;
}
