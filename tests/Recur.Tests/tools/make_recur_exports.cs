#:project ../../../src/Recur/Recur.csproj
#:property PublishAot=false
// Writes Recur's own safetensors exports, with Recur's logits on fixed inputs, for make_safetensors_fixtures.py to load
// into PyTorch (load_state_dict(strict=True)) and compare. Run from the repository root, then the Python script:
//
//     dotnet run tests/Recur.Tests/tools/make_recur_exports.cs
//     /usr/bin/python3 tests/Recur.Tests/tools/make_safetensors_fixtures.py --check-recur-exports
//
// Output: tests/Recur.Tests/Fixtures/safetensors/recur_<case>.safetensors and .json (the Fixture JSON layout:
// "tensors": {"tokens" [T, B] or "frames" [T, B, K], "lengths" [B], "logits", and for character features "chars"
// [N, Cmax] (words in time-major order, −1 padded) and "char_lengths" [N]}). Models are initialised by Recur's Reset
// with fixed seeds; the file is not part of the test project (see Recur.Tests.csproj).
using System.Text.Json;
using Recur.Cells;
using Recur.IO;
using Recur.Layers;
using Recur.Models;
using Recur.Text;
using Recur.Training;

const string Script = "tests/Recur.Tests/tools/make_recur_exports.cs";
const int Steps = 6;
int[] lengths = [4, 6, 1];
int batch = lengths.Length;
string outDir = Path.GetFullPath(Path.Combine("tests", "Recur.Tests", "Fixtures", "safetensors"));
if (!Directory.Exists(outDir)) throw new DirectoryNotFoundException($"{outDir}: run from the repository root.");
string temp = Directory.CreateTempSubdirectory("recur-exports-").FullName;

var letters = new Vocabulary(TokenLevel.Char, false, ["<unk>", "<eos>", .. "abcdefghijklmn".Select(c => c.ToString())], new long[16]);
var words = new Vocabulary(TokenLevel.Whitespace, true, ["<unk>", "<eos>", .. Enumerable.Range(0, 12).Select(i => $"w{i}")], new long[14]);
var chars = new Vocabulary(TokenLevel.Char, false, ["<unk>", "<eos>", .. "abcdefgh".Select(c => c.ToString())], new long[10]);
var tags = new LabelSet(["B-PER", "I-PER", "B-LOC", "O"]);
var classes = new LabelSet(["negative", "neutral", "positive"]);

try
{
    LanguageModelCase("recur_lm_lstm_uni_l2", new LanguageModelOptions(letters.Count) { Cell = CellKind.Lstm, EmbeddingSize = 6, HiddenSize = 5, NumLayers = 2 });
    TaggerCase("recur_tagger_gru-after_bi_l1_chars", new TaggerOptions(words.Count, tags.Count)
    {
        CharCount = chars.Count, Cell = CellKind.GruResetAfter, WordEmbeddingSize = 6, CharEmbeddingSize = 3, CharHiddenSize = 4,
        HiddenSize = 5, NumLayers = 1, Bidirectional = true,
    });
    ClassifierCase("recur_classifier_rnn-relu_bi_l2", new ClassifierOptions(words.Count, classes.Count)
    {
        Cell = CellKind.RnnRelu, EmbeddingSize = 6, HiddenSize = 5, NumLayers = 2, Bidirectional = true, Pooling = Pooling.Last,
    });
    ClassifierCase("recur_classifier_lstm_uni_l1_mean", new ClassifierOptions(words.Count, classes.Count)
    {
        Cell = CellKind.Lstm, EmbeddingSize = 6, HiddenSize = 5, NumLayers = 1, Bidirectional = false, Pooling = Pooling.Mean,
    });
    MusicCase("recur_music_rnn-tanh_uni_l2", new MusicModelOptions { LowestPitch = 60, PitchCount = 7, Cell = CellKind.RnnTanh, HiddenSize = 5, NumLayers = 2 });
}
finally
{
    Directory.Delete(temp, recursive: true);
}

void LanguageModelCase(string name, LanguageModelOptions options)
{
    var rng = Seeded(name);
    var model = new LanguageModel<float>(options);
    model.Reset(rng);
    int[] tokens = Tokens(rng, options.VocabularySize);
    model.Forward(Steps, batch, tokens, default, lengths, carryState: false, null);
    string checkpoint = Path.Combine(temp, name + ".ckpt");
    LanguageModelCheckpoint.Save(checkpoint, model, letters, "{}", null);
    Write(name, checkpoint, "lm", new() { ["tokens"] = Ints([Steps, batch], tokens), ["lengths"] = Ints([batch], lengths), ["logits"] = Floats([Steps, batch, options.VocabularySize], model.Logits) });
}

void TaggerCase(string name, TaggerOptions options)
{
    var rng = Seeded(name);
    var model = new Tagger<float>(options);
    model.Reset(rng);
    int[] tokens = Tokens(rng, options.WordCount);
    var wordChars = new List<int[]>();
    var examples = new TaggingExample[batch];
    var perSentence = lengths.Select(n => new int[n][]).ToArray();
    for (int t = 0; t < Steps; t++)
        for (int b = 0; b < batch; b++)
        {
            if (t >= lengths[b]) continue;
            int[] c = Enumerable.Range(0, 1 + rng.NextInt(5)).Select(_ => 2 + rng.NextInt(options.CharCount - 2)).ToArray();
            wordChars.Add(c);
            perSentence[b][t] = c;
        }
    for (int b = 0; b < batch; b++)
        examples[b] = new TaggingExample(Enumerable.Range(0, lengths[b]).Select(t => tokens[t * batch + b]).ToArray(), perSentence[b], null);
    var source = new TaggingBatchSource(examples, batch, seed: null, bucketByLength: false);
    var tagging = new TaggingBatch();
    source.StartEpoch(0);
    source.Next(tagging);
    model.Forward(tagging, null);
    int width = wordChars.Max(c => c.Length);
    int[] padded = wordChars.SelectMany(c => c.Concat(Enumerable.Repeat(-1, width - c.Length))).ToArray();
    string checkpoint = Path.Combine(temp, name + ".ckpt");
    TaggerCheckpoint.Save(checkpoint, model, new TaggerVocabularies(words, chars, tags), "{}", null);
    Write(name, checkpoint, "tagger", new()
    {
        ["tokens"] = Ints([Steps, batch], tokens), ["lengths"] = Ints([batch], lengths),
        ["chars"] = Ints([wordChars.Count, width], padded), ["char_lengths"] = Ints([wordChars.Count], wordChars.Select(c => c.Length).ToArray()),
        ["logits"] = Floats([Steps, batch, options.TagCount], model.Logits),
    });
}

void ClassifierCase(string name, ClassifierOptions options)
{
    var rng = Seeded(name);
    var model = new Classifier<float>(options);
    model.Reset(rng);
    int[] tokens = Tokens(rng, options.VocabularySize);
    var examples = lengths.Select((n, b) => new ClassificationExample(
        Enumerable.Range(0, n).Select(t => tokens[t * batch + b]).ToArray(), ClassificationBatch.IgnoreLabel)).ToArray();
    var source = new ClassificationBatchSource(examples, batch, seed: null, bucketByLength: false);
    var classification = new ClassificationBatch();
    source.StartEpoch(0);
    source.Next(classification);
    model.Forward(classification, null);
    string checkpoint = Path.Combine(temp, name + ".ckpt");
    ClassifierCheckpoint.Save(checkpoint, model, new ClassifierVocabularies(words, classes), "{}", null);
    Write(name, checkpoint, "classifier", new()
    {
        ["tokens"] = Ints([Steps, batch], tokens), ["lengths"] = Ints([batch], lengths), ["logits"] = Floats([batch, options.ClassCount], model.Logits),
    });
}

void MusicCase(string name, MusicModelOptions options)
{
    var rng = Seeded(name);
    var model = new MusicModel<float>(options);
    model.Reset(rng);
    int k = options.PitchCount;
    var frames = new float[Steps * batch * k];
    for (int t = 0; t < Steps; t++)
        for (int b = 0; b < batch; b++)
            for (int p = 0; p < k; p++)
                frames[(t * batch + b) * k + p] = t < lengths[b] && rng.NextInt(3) == 0 ? 1f : 0f;
    model.Forward(Steps, batch, frames, default, lengths, carryState: false, null);
    string checkpoint = Path.Combine(temp, name + ".ckpt");
    MusicCheckpoint.Save(checkpoint, model, "{}", null);
    Write(name, checkpoint, "music", new()
    {
        ["frames"] = Floats([Steps, batch, k], frames), ["lengths"] = Ints([batch], lengths), ["logits"] = Floats([Steps, batch, k], model.Logits),
    });
}

Rng Seeded(string name) => new((ulong)name.Aggregate(17L, (h, c) => h * 31 + c));

// [T, B] ids in 2..V−1, 1 (<eos>, the padding id) past each length.
int[] Tokens(Rng rng, int vocabulary)
{
    var ids = new int[Steps * batch];
    for (int t = 0; t < Steps; t++)
        for (int b = 0; b < batch; b++)
            ids[t * batch + b] = t < lengths[b] ? 2 + rng.NextInt(vocabulary - 2) : 1;
    return ids;
}

static object Ints(int[] shape, int[] data) => new { shape, data };

static object Floats(int[] shape, ReadOnlySpan<float> data) => new { shape, data = data.ToArray().Select(v => (double)v).ToArray() };

void Write(string name, string checkpoint, string kind, Dictionary<string, object> tensors)
{
    string path = Path.Combine(outDir, name + ".safetensors");
    SafetensorsExport.WriteCheckpoint(checkpoint, path);
    var fixture = new Dictionary<string, object>
    {
        ["script"] = Script, ["kind"] = kind, ["steps"] = Steps, ["batch"] = batch, ["lengths"] = lengths, ["tensors"] = tensors,
    };
    File.WriteAllText(Path.Combine(outDir, name + ".json"), JsonSerializer.Serialize(fixture) + "\n");
    Console.WriteLine($"{name,-44} {new FileInfo(path).Length,7} B");
}
