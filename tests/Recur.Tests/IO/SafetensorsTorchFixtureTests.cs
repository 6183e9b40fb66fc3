using Recur.Cells;
using Recur.IO;
using Recur.Layers;
using Recur.Models;
using Recur.Tests.TestSupport;

namespace Recur.Tests.IO;

/// <summary>
/// State dicts of PyTorch modules (torch.nn.Embedding, RNN/GRU/LSTM, Linear; tests/Recur.Tests/tools/make_safetensors_fixtures.py)
/// imported from safetensors with the architecture read from the tensor names and shapes, and run on the fixture's
/// inputs: the logits must match PyTorch's.
/// </summary>
public sealed class SafetensorsTorchFixtureTests
{
    public static TheoryData<string> Files() =>
        new(Directory.GetFiles(Fixture.Folder("safetensors"), "torch_*.json").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(Files))]
    public void Import_TorchStateDict_MatchesTorchLogits(string file)
    {
        var f = Fixture.Load("safetensors", file);
        string kind = f["kind"].GetString()!;
        var cell = CellKinds.Parse(f["cell"].GetString()!);
        int layers = f["num_layers"].GetInt32();
        bool bidirectional = f["bidirectional"].GetBoolean();
        using var reader = SafetensorsReader.Open(Path.Combine(Fixture.Folder("safetensors"), Path.ChangeExtension(file, ".safetensors")));
        Assert.Equal(f["dtype"].GetString(), Assert.Single(reader.Entries.Select(e => e.DType.ToName()).Distinct()));
        // Only what the tensors cannot show is given: tanh or ReLU, tagger or classifier, the pooling.
        var options = new SafetensorsImportOptions { Cell = cell is CellKind.RnnTanh or CellKind.RnnRelu ? cell : null };
        double[] expected = f.Get<double>("logits");
        switch (kind)
        {
            case "lm":
            {
                Assert.Equal(ModelKind.LanguageModel, SafetensorsImport.Kind(reader, null));
                var model = SafetensorsImport.LanguageModel(reader, options);
                Assert.Equal((cell, layers), (model.Options.Cell, model.Options.NumLayers));
                var (steps, batch) = (f["steps"].GetInt32(), f["batch"].GetInt32());
                model.Forward(steps, batch, f.GetInts("tokens"), default, f.GetInts("lengths"), carryState: false, null);
                Close.RelativeNorm<float, double>(model.Logits, expected, Tolerances.TorchFloat32, $"{file} logits");
                break;
            }
            case "tagger":
            {
                var model = SafetensorsImport.Tagger(reader, options with { Kind = ModelKind.Tagger });
                Assert.Equal((cell, layers, bidirectional, f["char_features"].GetBoolean()),
                    (model.Options.Cell, model.Options.NumLayers, model.Options.Bidirectional, model.Options.UseCharacters));
                var source = new TaggingBatchSource(TaggingExamples(f), f["batch"].GetInt32(), seed: null, bucketByLength: false);
                var batch = new TaggingBatch();
                source.StartEpoch(0);
                Assert.True(source.Next(batch));
                Assert.Equal(Enumerable.Range(0, batch.Size), batch.Examples[..batch.Size]);
                model.Forward(batch, null);
                Close.RelativeNorm<float, double>(model.Logits, expected, Tolerances.TorchFloat32, $"{file} logits");
                break;
            }
            default:
            {
                var pooling = Enum.Parse<Pooling>(f["pooling"].GetString()!, ignoreCase: true);
                var model = SafetensorsImport.Classifier(reader, options with { Kind = ModelKind.Classifier, Pooling = pooling });
                Assert.Equal((cell, layers, bidirectional), (model.Options.Cell, model.Options.NumLayers, model.Options.Bidirectional));
                int[] tokens = f.GetInts("tokens"), lengths = f.GetInts("lengths");
                var examples = lengths.Select((n, b) => new ClassificationExample(
                    Enumerable.Range(0, n).Select(t => tokens[t * lengths.Length + b]).ToArray(), ClassificationBatch.IgnoreLabel)).ToArray();
                var source = new ClassificationBatchSource(examples, examples.Length, seed: null, bucketByLength: false);
                var batch = new ClassificationBatch();
                source.StartEpoch(0);
                Assert.True(source.Next(batch));
                Assert.Equal(Enumerable.Range(0, batch.Size), batch.Examples[..batch.Size]);
                model.Forward(batch, null);
                Close.RelativeNorm<float, double>(model.Logits, expected, Tolerances.TorchFloat32, $"{file} logits");
                break;
            }
        }
    }

    [Fact]
    public void Fixtures_CoverEveryTorchCellLayerCountAndDirection()
    {
        var cases = Directory.GetFiles(Fixture.Folder("safetensors"), "torch_*.json")
            .Select(p => Fixture.Load("safetensors", Path.GetFileName(p)))
            .Select(f => (Cell: f["cell"].GetString()!, Layers: f["num_layers"].GetInt32(), Bi: f["bidirectional"].GetBoolean(), Kind: f["kind"].GetString()!))
            .ToList();
        foreach (string cell in new[] { "rnn-tanh", "rnn-relu", "gru-after", "lstm" })
            foreach (int layers in new[] { 1, 2 })
                foreach (bool bi in new[] { false, true })
                    Assert.Contains(cases, c => c.Cell == cell && c.Layers == layers && c.Bi == bi);
        Assert.Equal(["classifier", "lm", "tagger"], cases.Select(c => c.Kind).Distinct().Order());
    }

    // tokens [T, B] time-major; chars [N, Cmax] for the words in time-major order over the valid positions, −1 padded.
    private static TaggingExample[] TaggingExamples(Fixture f)
    {
        int[] tokens = f.GetInts("tokens"), lengths = f.GetInts("lengths");
        int batch = lengths.Length, steps = f["steps"].GetInt32();
        var words = lengths.Select(n => new int[n]).ToArray();
        int[][][]? chars = f.Has("chars") ? lengths.Select(n => new int[n][]).ToArray() : null;
        int[] charIds = f.Has("chars") ? f.GetInts("chars") : [], charLengths = f.Has("chars") ? f.GetInts("char_lengths") : [];
        int width = f.Has("chars") ? f.Shape("chars")[1] : 0, w = 0;
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
            {
                if (t >= lengths[b]) continue;
                words[b][t] = tokens[t * batch + b];
                if (chars is not null) chars[b][t] = charIds.AsSpan(w * width, charLengths[w]).ToArray();
                w++;
            }
        return Enumerable.Range(0, batch).Select(b => new TaggingExample(words[b], chars?[b], null)).ToArray();
    }
}
