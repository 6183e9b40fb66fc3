using System.CommandLine;
using Recur.IO;
using Recur.Models;
using Recur.Text;

namespace Recur.Cli.Commands;

/// <summary>
/// <c>recur tag predict</c>: tags raw text (one sentence per line, split by the word tokenizer; written as
/// <c>token&lt;TAB&gt;tag</c> lines) or a CoNLL/CoNLL-U file (written back in its own format with the predicted tags).
/// </summary>
internal static class TagPredictCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string>("--model") { Description = "Checkpoint file or run directory (then its best checkpoint).", Required = true };
        var text = new Option<string[]>("--text") { Description = "Raw text to tag, one sentence per line (may be given several times).", AllowMultipleArgumentsPerToken = false };
        var file = new Option<string?>("--file") { Description = "File to tag: CoNLL/CoNLL-U (tags, if any, are replaced), or raw text with --raw." };
        var raw = new Option<bool>("--raw") { Description = "--file is raw text, one sentence per line." };
        var reading = new TagReadOptions();
        var batch = new Option<int>("--batch-size") { Description = "Sentences per batch.", DefaultValueFactory = _ => 64 };
        var command = new Command("predict", "Tag raw text or a column file, writing token-per-line columns to stdout.") { model, text, file, raw, batch };
        reading.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            var texts = parse.GetValue(text) ?? [];
            string? path = parse.GetValue(file);
            if ((texts.Length == 0) == (path is null)) throw new ArgumentException("Give either --text (one or more times) or --file.");
            CommandRunner.CheckFile(path, "--file");
            string modelPath = CommandRunner.ResolveModel(parse.GetValue(model)!);
            var checkpoint = TaggerCheckpoint.Load(modelPath);
            var data = reading.Apply(parse, TagData.FromJson(checkpoint.Data, modelPath));
            List<ConllSentence> sentences;
            var write = data.ReadOptions(requireTags: false);
            if (path is not null && !parse.GetValue(raw)) sentences = ConllReader.Read(path, write);
            else
            {
                var lines = path is null ? texts.SelectMany(t => t.ReplaceLineEndings("\n").Split('\n')) : CorpusReader.Lines(path);
                sentences = lines.Select(l => Tokenizer.Words(l, lowerCase: false)).Where(t => t.Count > 0).Select(ConllSentence.FromTokens).ToList();
                // Raw text is written as token<TAB>tag.
                write = new ConllReadOptions { Format = ConllFormat.Columns, RequireTags = false };
            }
            if (sentences.Count == 0) throw new ArgumentException("There is no text to tag.");
            var vocabularies = checkpoint.Vocabularies;
            var source = new TaggingBatchSource(
                sentences.Select(s => vocabularies.Encode(s.Tokens, null, checkpoint.Model.Options.MaxWordChars)).ToArray(),
                TagEvaluateCommand.PositiveBatch(parse.GetValue(batch)), null);
            var predicted = TaggerEvaluation.Names(vocabularies.Tags, TaggerEvaluation.Predict(checkpoint.Model, source).Tags);
            var output = Console.Out;
            for (int i = 0; i < sentences.Count; i++) ConllWriter.Write(output, sentences[i], predicted[i], write);
            output.Flush();
            return 0;
        }));
        return command;
    }
}
