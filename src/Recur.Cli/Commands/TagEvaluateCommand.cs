using System.CommandLine;
using Recur.IO;
using Recur.Metrics;
using Recur.Models;

namespace Recur.Cli.Commands;

/// <summary><c>recur tag evaluate</c>: token accuracy, and entity precision, recall and F1 for IOB/IOB2/BIOES tags.</summary>
internal static class TagEvaluateCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string>("--model") { Description = "Checkpoint file or run directory (then its best checkpoint).", Required = true };
        var file = new Option<string>("--file") { Description = "Tagged file to score, in the format the model was trained on unless given.", Required = true };
        var reading = new TagReadOptions();
        var batch = new Option<int>("--batch-size") { Description = "Sentences per batch.", DefaultValueFactory = _ => 64 };
        var command = new Command("evaluate", "Score a tagger on a tagged file: accuracy, and entity P/R/F1 (conlleval) for entity tags.") { model, file, batch };
        reading.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            string path = parse.GetValue(file)!;
            CommandRunner.CheckFile(path, "--file");
            string modelPath = CommandRunner.ResolveModel(parse.GetValue(model)!);
            var checkpoint = TaggerCheckpoint.Load(modelPath);
            var data = reading.Apply(parse, TagData.FromJson(checkpoint.Data, modelPath));
            var sentences = ConllReader.Read(path, data.ReadOptions(requireTags: true));
            var vocabularies = checkpoint.Vocabularies;
            var source = new TaggingBatchSource(
                sentences.Select(s => vocabularies.Encode(s.Tokens, s.Tags, checkpoint.Model.Options.MaxWordChars)).ToArray(),
                PositiveBatch(parse.GetValue(batch)), null);
            var predicted = TaggerEvaluation.Names(vocabularies.Tags, TaggerEvaluation.Predict(checkpoint.Model, source).Tags);
            var scores = TaggerEvaluation.Score(sentences.Select(s => s.Tags!).ToArray(), predicted, EntityChunks.IsEntityTagSet(vocabularies.Tags.Labels));
            Console.Out.WriteLine($"{path}: {sentences.Count} sentences ({data.Describe()})");
            TagReport.Write(Console.Out, scores);
            return 0;
        }));
        return command;
    }

    internal static int PositiveBatch(int value) =>
        value > 0 ? value : throw new ArgumentException($"--batch-size must be positive, got {value}.");
}
