using Recur.IO;
using Recur.IO.Onnx;
using Recur.Models;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary>
/// The ONNX side of <c>recur export --format onnx</c>: opens a checkpoint of any kind and writes its model with
/// <see cref="OnnxExporter"/>. Language models, taggers and classifiers are exported; music and translation models are refused.
/// </summary>
public static class OnnxExport
{
    /// <summary>Exports the model of <paramref name="modelPath"/> to <paramref name="outPath"/>.</summary>
    /// <param name="modelPath">A checkpoint file, or a run directory (then its best checkpoint, else its latest).</param>
    /// <param name="outPath">The ONNX file to write (replaced atomically).</param>
    /// <exception cref="FileNotFoundException">The checkpoint or run directory does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid Recur checkpoint.</exception>
    /// <exception cref="ArgumentException">The checkpoint holds a kind of model ONNX export does not support.</exception>
    public static void Write(string modelPath, string outPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentException.ThrowIfNullOrEmpty(outPath);
        string path = CommandRunner.ResolveModel(modelPath);
        var file = CheckpointFile.Load(path);
        string format = file.Contains("format") ? file.GetString("format") : "";
        switch (format)
        {
            case LanguageModelCheckpoint.Format:
                OnnxExporter.Export(LanguageModelCheckpoint.Load(path).Model, outPath);
                break;
            case TaggerCheckpoint.Format:
                OnnxExporter.Export(TaggerCheckpoint.Load(path).Model, outPath);
                break;
            case ClassifierCheckpoint.Format:
                OnnxExporter.Export(ClassifierCheckpoint.Load(path).Model, outPath);
                break;
            case MusicCheckpoint.Format:
            case Seq2SeqCheckpoint.Format:
                string kind = format == MusicCheckpoint.Format ? "music model" : "translation (seq2seq) model";
                throw new ArgumentException(
                    $"{path}: ONNX export supports language models, taggers and classifiers, not a {kind}.",
                    nameof(modelPath));
            default:
                throw new InvalidDataException($"{path}: not a Recur model checkpoint (format '{format}').");
        }
    }
}
