using System.CommandLine;
using System.Globalization;
using System.Text;
using Recur.IO;
using Recur.Models;

namespace Recur.Cli.Commands;

/// <summary>
/// <c>recur classify predict</c>: for each text, one line on stdout: the most probable label, then
/// <c>label=probability</c> for every class, separated by tabs.
/// </summary>
internal static class ClassifyPredictCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string>("--model") { Description = "Checkpoint file or run directory (then its best checkpoint).", Required = true };
        var text = new Option<string[]>("--text") { Description = "A text to classify (may be given several times).", AllowMultipleArgumentsPerToken = false };
        var file = new Option<string?>("--file") { Description = "File of texts (read as the training file; labels, if any, are ignored)." };
        var reading = new ClassifyReadOptions();
        var batch = new Option<int>("--batch-size") { Description = "Texts per batch.", DefaultValueFactory = _ => 64 };
        var command = new Command("predict", "Classify texts: the label and the probability of every class.") { model, text, file, batch };
        reading.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            var texts = parse.GetValue(text) ?? [];
            string? path = parse.GetValue(file);
            if ((texts.Length == 0) == (path is null)) throw new ArgumentException("Give either --text (one or more times) or --file.");
            CommandRunner.CheckFile(path, "--file");
            string modelPath = CommandRunner.ResolveModel(parse.GetValue(model)!);
            var checkpoint = ClassifierCheckpoint.Load(modelPath);
            var data = reading.Apply(parse, ClassifyData.FromJson(checkpoint.Data, modelPath));
            var inputs = path is null ? texts : TsvClassificationReader.Read(path, data.ReadOptions(requireLabels: false)).Select(r => r.Text).ToArray();
            var vocabularies = checkpoint.Vocabularies;
            var source = new ClassificationBatchSource(inputs.Select(t => vocabularies.Encode(t, null)).ToArray(),
                TagEvaluateCommand.PositiveBatch(parse.GetValue(batch)), null, maxLength: data.MaxLength);
            var prediction = ClassifierEvaluation.Predict(checkpoint.Model, source);
            var output = Console.Out;
            var line = new StringBuilder();
            for (int i = 0; i < inputs.Length; i++)
            {
                line.Clear().Append(vocabularies.Labels.Label(prediction.Labels[i]));
                for (int k = 0; k < vocabularies.Labels.Count; k++)
                    line.Append('\t').Append(vocabularies.Labels.Label(k)).Append('=')
                        .Append(prediction.Probabilities[i][k].ToString("F4", CultureInfo.InvariantCulture));
                output.WriteLine(line);
            }
            output.Flush();
            return 0;
        }));
        return command;
    }
}
