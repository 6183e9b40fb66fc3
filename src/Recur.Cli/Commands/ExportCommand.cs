using System.CommandLine;
using Recur.IO;
using Recur.Models;

namespace Recur.Cli.Commands;

/// <summary><c>recur export</c>: writes a checkpoint's weights in an exchange format (safetensors: PyTorch state_dict
/// names) or the whole model as an ONNX graph.</summary>
internal static class ExportCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string>("--model") { Description = "Checkpoint file or run directory (then its best checkpoint).", Required = true };
        var format = new Option<string>("--format") { Description = "Output format: safetensors (weights, PyTorch names) or onnx (the language model, tagger or classifier as an ONNX graph).", Required = true };
        var output = new Option<string>("--out") { Description = "File to write (replaced atomically).", Required = true };
        var command = new Command("export", "Export a model for other tools: its weights as safetensors (language model, tagger, classifier, music model) or the model as ONNX (language model, tagger, classifier).")
        {
            model, format, output,
        };
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            string checkpoint = CommandRunner.ResolveModel(parse.GetValue(model)!), path = parse.GetValue(output)!;
            if (Directory.Exists(path)) throw new ArgumentException($"{path}: is a directory; --out names the file to write.");
            switch (parse.GetValue(format))
            {
                case "safetensors":
                {
                    var kind = SafetensorsExport.WriteCheckpoint(checkpoint, path);
                    using var written = SafetensorsReader.Open(path);
                    Console.Out.WriteLine($"{path}: {kind.ToName()} from {checkpoint}, {written.Entries.Count} float32 tensors, " +
                        $"{written.Entries.Sum(e => e.ElementCount):N0} parameters, {written.Metadata.Count} metadata entries");
                    return 0;
                }
                case "onnx":
                    OnnxExport.Write(checkpoint, path);
                    Console.Out.WriteLine($"{path}: ONNX graph of {checkpoint} ({new FileInfo(path).Length:N0} bytes)");
                    return 0;
                case string other:
                    throw new ArgumentException($"Unknown format '{other}'. Expected safetensors or onnx.");
                default:
                    throw new ArgumentException("--format is required.");
            }
        }));
        return command;
    }
}
