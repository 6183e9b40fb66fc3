using System.CommandLine;
using System.Globalization;
using Recur.Models;
using Recur.Text;

namespace Recur.Cli.Commands;

/// <summary><c>recur translate predict</c>: translations of new sources, one line each.</summary>
internal static class TranslatePredictCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string>("--model") { Description = "Checkpoint file or run directory (then its best checkpoint).", Required = true };
        var text = new Option<string[]>("--text") { Description = "A source sentence (repeatable)." };
        var file = new Option<string?>("--file") { Description = "Source sentences, one per line (blank lines give blank output lines)." };
        var beam = new Option<int>("--beam") { Description = "Beam width (1: greedy decoding).", DefaultValueFactory = _ => 1 };
        var lengthPenalty = new Option<double>("--length-penalty") { Description = "α of GNMT's length penalty ((5+|Y|)/6)^α for beam search (0: rank by log-probability).", DefaultValueFactory = _ => 0.6 };
        var maxLength = new Option<int?>("--max-length") { Description = "Most output tokens (default 2·source tokens + 10)." };
        var allowUnk = new Option<bool>("--allow-unk") { Description = "Let decoding output <unk> (by default the next best token takes its place)." };
        var nBest = new Option<bool>("--n-best") { Description = "With --beam N: print all N hypotheses per source as translation<TAB>score<TAB>log-probability." };
        var command = new Command("predict", "Translate sentences with a trained encoder–decoder.")
        {
            model, text, file, beam, lengthPenalty, maxLength, nBest, allowUnk,
        };
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            int width = parse.GetValue(beam);
            if (width <= 0) throw new ArgumentException($"--beam must be positive, got {width}.");
            double alpha = parse.GetValue(lengthPenalty);
            int? max = parse.GetValue(maxLength);
            string[] texts = parse.GetValue(text) ?? [];
            string? path = parse.GetValue(file);
            if ((texts.Length == 0) == (path is null)) throw new ArgumentException("Give either --text (one or more) or --file.");
            if (path is not null && !File.Exists(path)) throw new FileNotFoundException($"--file {path}: no such file.");
            var checkpoint = Seq2SeqCheckpoint.Load(CommandRunner.ResolveModel(parse.GetValue(model)!));
            var translator = new Seq2SeqTranslator(checkpoint.Model, checkpoint.SourceVocabulary, checkpoint.TargetVocabulary, parse.GetValue(allowUnk));
            var sources = path is null ? texts : CorpusReader.Lines(path).ToArray();
            var output = Console.Out;
            if (parse.GetValue(nBest))
            {
                foreach (string source in sources)
                {
                    if (checkpoint.SourceVocabulary.Encode(source).Length == 0) { output.WriteLine(); continue; }
                    foreach (var h in translator.NBest(source, width, alpha, max))
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{translator.DecodeTarget(h.Tokens)}\t{h.Score:F4}\t{h.LogProbability:F4}"));
                }
                return 0;
            }
            // Lines without a token (blank lines of a file) keep their place as blank output lines.
            var present = sources.Select((s, i) => (s, i)).Where(p => checkpoint.SourceVocabulary.Encode(p.s).Length > 0).ToArray();
            if (path is null && present.Length < sources.Length) throw new ArgumentException("A --text has no token to translate.");
            var translations = translator.Translate(present.Select(p => p.s).ToArray(), width, alpha, max);
            var lines = new string[sources.Length];
            Array.Fill(lines, "");
            for (int k = 0; k < present.Length; k++) lines[present[k].i] = translations[k];
            foreach (string line in lines) output.WriteLine(line);
            return 0;
        }));
        return command;
    }
}
