using System.CommandLine;
using Recur.IO;
using Recur.Models;

namespace Recur.Cli.Commands;

/// <summary><c>recur classify evaluate</c>: accuracy, macro-F1, per-class scores and the confusion matrix on a labelled file.</summary>
internal static class ClassifyEvaluateCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string>("--model") { Description = "Checkpoint file or run directory (then its best checkpoint).", Required = true };
        var file = new Option<string>("--file") { Description = "Labelled file to score, read as the model's training file unless told otherwise.", Required = true };
        var reading = new ClassifyReadOptions();
        var batch = new Option<int>("--batch-size") { Description = "Texts per batch.", DefaultValueFactory = _ => 64 };
        var command = new Command("evaluate", "Score a classifier on a labelled file: accuracy, macro-F1, confusion matrix.") { model, file, batch };
        reading.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            string path = parse.GetValue(file)!;
            CommandRunner.CheckFile(path, "--file");
            string modelPath = CommandRunner.ResolveModel(parse.GetValue(model)!);
            var checkpoint = ClassifierCheckpoint.Load(modelPath);
            var data = reading.Apply(parse, ClassifyData.FromJson(checkpoint.Data, modelPath));
            var records = TsvClassificationReader.Read(path, data.ReadOptions(requireLabels: true));
            var vocabularies = checkpoint.Vocabularies;
            var source = new ClassificationBatchSource(records.Select(r => vocabularies.Encode(r.Text, r.Label)).ToArray(),
                TagEvaluateCommand.PositiveBatch(parse.GetValue(batch)), null, maxLength: data.MaxLength);
            var predicted = ClassifierEvaluation.Predict(checkpoint.Model, source).Labels;
            var unknown = records.Where(r => vocabularies.Labels.Id(r.Label!) < 0).Select(r => r.Label).Distinct().ToList();
            if (unknown.Count > 0)
                Console.Error.WriteLine($"recur: {records.Count(r => vocabularies.Labels.Id(r.Label!) < 0)} texts with labels the model does not know " +
                    $"({string.Join(", ", unknown.Take(5))}) are not scored.");
            var matrix = ClassifierEvaluation.Score(checkpoint.Model.ClassCount, source.Examples.Select(e => e.Label).ToArray(), predicted);
            Console.Out.WriteLine($"{path}: {records.Count} texts");
            ClassifyReport.Write(Console.Out, matrix, vocabularies.Labels);
            return 0;
        }));
        return command;
    }
}
