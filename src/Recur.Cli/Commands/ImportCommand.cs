using System.CommandLine;
using Recur.Cells;
using Recur.IO;
using Recur.Layers;
using Recur.Models;
using Recur.Text;

namespace Recur.Cli.Commands;

/// <summary>
/// <c>recur import</c>: turns safetensors weights named as a PyTorch state_dict into a Recur checkpoint. A file exported by
/// Recur carries everything in its metadata; for one from elsewhere the architecture is read from the tensor names and
/// shapes, and the vocabulary and labels come from one-entry-per-line files.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var weights = new Option<string>("--weights") { Description = "The .safetensors file.", Required = true };
        var output = new Option<string>("--out") { Description = "Checkpoint file to write, or a run directory (then its best.ckpt; a path ending in / is created).", Required = true };
        var kind = new Option<string?>("--kind") { Description = "lm, tagger, classifier or music (default: the file's metadata, else what the tensor names show)." };
        var cell = new Option<string?>("--cell") { Description = "rnn-tanh, rnn-relu, gru-simple, gru, gru-after, lstm or lstm-peephole (default: the metadata's, else from the shapes; 3 gates = gru-after, as torch.nn.GRU)." };
        var vocab = new Option<string?>("--vocab") { Description = "Vocabulary file, one token per line in id order, starting with <unk> and <eos> (the tagger's words; default: the metadata's)." };
        var charVocab = new Option<string?>("--char-vocab") { Description = "A tagger's character vocabulary file, one character per line, starting with <unk> and <eos>." };
        var labels = new Option<string?>("--labels") { Description = "Tags (tagger) or classes (classifier), one per line in id order." };
        var level = new Option<string?>("--level") { Description = "How --vocab splits text: char, word or whitespace (default char for lm, word for classifier)." };
        var lower = new Option<bool>("--lower-case") { Description = "--vocab is lower-cased: lower-case text before looking it up." };
        var embedding = new Option<int?>("--embedding-size") { Description = "Embedding width (checked against the file)." };
        var hidden = new Option<int?>("--hidden-size") { Description = "Hidden units per layer and direction (checked against the file)." };
        var layers = new Option<int?>("--layers") { Description = "Stacked layers (checked against the file)." };
        var bidirectional = new Option<bool?>("--bidirectional") { Description = "Bidirectional recurrent stack (tagger, classifier; checked against the file)." };
        var charEmbedding = new Option<int?>("--char-embedding-size") { Description = "A tagger's character embedding width (checked against the file)." };
        var charHidden = new Option<int?>("--char-hidden-size") { Description = "A tagger's character hidden size (checked against the file)." };
        var maxWordChars = new Option<int?>("--max-word-chars") { Description = "A tagger's most characters read per word (default 20)." };
        var pooling = new Option<string?>("--pooling") { Description = "A classifier's pooling: last, mean or max (default last)." };
        var lowestPitch = new Option<int?>("--lowest-pitch") { Description = "A music model's lowest MIDI pitch (default 21, A0)." };
        var command = new Command("import", "Import safetensors weights (PyTorch state_dict names) as a Recur checkpoint.")
        {
            weights, output, kind, cell, vocab, charVocab, labels, level, lower, embedding, hidden, layers, bidirectional, charEmbedding,
            charHidden, maxWordChars, pooling, lowestPitch,
        };
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            string source = parse.GetValue(weights)!;
            string path = CheckpointPath(parse.GetValue(output)!);
            using var reader = SafetensorsReader.Open(source);
            var requested = parse.GetValue(kind) is string k ? ModelKinds.Parse(k) : (ModelKind?)null;
            var resolved = SafetensorsImport.Kind(reader, requested);
            bool lowerCase = parse.GetValue(lower);
            string levelName = parse.GetValue(level) ?? (resolved == ModelKind.LanguageModel ? "char" : "word");
            var tokenLevel = resolved == ModelKind.Tagger ? TokenLevel.Whitespace : ParseLevel(levelName);
            var options = new SafetensorsImportOptions
            {
                Kind = resolved,
                Cell = parse.GetValue(cell) is string c ? CellKinds.Parse(c) : null,
                EmbeddingSize = parse.GetValue(embedding),
                HiddenSize = parse.GetValue(hidden),
                NumLayers = parse.GetValue(layers),
                Bidirectional = parse.GetValue(bidirectional),
                CharEmbeddingSize = parse.GetValue(charEmbedding),
                CharHiddenSize = parse.GetValue(charHidden),
                MaxWordChars = parse.GetValue(maxWordChars),
                Pooling = parse.GetValue(pooling) is string p ? ParsePooling(p) : null,
                LowestPitch = parse.GetValue(lowestPitch),
                Vocabulary = parse.GetValue(vocab) is string v ? ReadVocabulary(v, tokenLevel, lowerCase) : null,
                CharVocabulary = parse.GetValue(charVocab) is string cv ? ReadVocabulary(cv, TokenLevel.Char, lowerCase: false) : null,
                Labels = parse.GetValue(labels) is string l ? ReadLabels(l) : null,
                Data = DefaultData(resolved, levelName, lowerCase),
            };
            SafetensorsImport.SaveCheckpoint(reader, options, path);
            bool described = reader.Metadata.ContainsKey(SafetensorsMetadata.Options);
            Console.Out.WriteLine($"{path}: {resolved.ToName()} from {source}, {reader.Entries.Count} tensors, " +
                $"{reader.Entries.Sum(e => e.ElementCount):N0} parameters, architecture from {(described ? "the file's metadata" : "the tensor names and shapes")}");
            return 0;
        }));
        return command;
    }

    /// <summary>--out as a checkpoint file: a run directory (existing, or a path ending in a separator, created) gets best.ckpt.</summary>
    private static string CheckpointPath(string output)
    {
        if (output.EndsWith(Path.DirectorySeparatorChar) || output.EndsWith(Path.AltDirectorySeparatorChar))
        {
            Directory.CreateDirectory(output);
            return Path.Combine(output, RunFiles.Best);
        }
        return Directory.Exists(output) ? Path.Combine(output, RunFiles.Best) : output;
    }

    private static TokenLevel ParseLevel(string level) => level switch
    {
        "char" => TokenLevel.Char,
        "word" => TokenLevel.Word,
        "whitespace" => TokenLevel.Whitespace,
        _ => throw new ArgumentException($"Unknown level '{level}'. Expected char, word or whitespace."),
    };

    private static Pooling ParsePooling(string pooling) => pooling switch
    {
        "last" => Pooling.Last,
        "mean" => Pooling.Mean,
        "max" => Pooling.Max,
        _ => throw new ArgumentException($"Unknown pooling '{pooling}'. Expected last, mean or max."),
    };

    /// <summary>One token per line in id order (a final line break is optional; "\r\n" is read as a line break).</summary>
    private static Vocabulary ReadVocabulary(string path, TokenLevel level, bool lowerCase)
    {
        var tokens = ReadLines(path);
        try
        {
            return new Vocabulary(level, lowerCase, tokens, new long[tokens.Count]);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {Plain(e)}", e);
        }
    }

    private static LabelSet ReadLabels(string path)
    {
        var labels = ReadLines(path);
        try
        {
            return new LabelSet(labels);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {Plain(e)}", e);
        }
    }

    /// <summary>The message without the " (Parameter 'name')" that ArgumentException appends.</summary>
    private static string Plain(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);

    // Read strictly, as every text reader: invalid UTF-8, NUL bytes, UTF-16 and over-long lines are errors naming the line.
    private static List<string> ReadLines(string path)
    {
        var lines = new List<string>();
        using var reader = new Utf8LineReader(path);
        while (reader.Read(out string line, out _))
        {
            if (line.Length == 0) throw new InvalidDataException($"{path}: line {reader.LineNumber} is empty.");
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>The data description stored when the file has none: how the vocabulary reads text; no training files.</summary>
    private static string DefaultData(ModelKind kind, string level, bool lowerCase) => kind switch
    {
        ModelKind.LanguageModel => new TrainData { Corpus = "", Level = level, Mode = "line", LowerCase = lowerCase }.ToJson(),
        ModelKind.Tagger => new TagData { LowerCase = lowerCase }.ToJson(),
        ModelKind.Classifier => new ClassifyData { Level = level, LowerCase = lowerCase }.ToJson(),
        _ => new MusicData().ToJson(),
    };
}
