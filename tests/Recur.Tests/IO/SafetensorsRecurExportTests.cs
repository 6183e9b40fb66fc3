using System.Security.Cryptography;
using Recur.IO;
using Recur.Models;
using Recur.Tests.TestSupport;
using Recur.Training;

namespace Recur.Tests.IO;

/// <summary>
/// Files written by Recur's exporter (tools/make_recur_exports.cs) that make_safetensors_fixtures.py loaded into PyTorch
/// with load_state_dict(strict=True) and ran, recording the file's SHA-256: this exact file is the one PyTorch accepted,
/// Recur's import of it gives the logits PyTorch matched, and exporting the import again gives the same bytes.
/// </summary>
public sealed class SafetensorsRecurExportTests
{
    public static TheoryData<string> Files() =>
        new(Directory.GetFiles(Fixture.Folder("safetensors"), "recur_*.json").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(Files))]
    public void RecurExport_CheckedByTorch_ImportsToSameLogitsAndReexportsSameBytes(string file)
    {
        var f = Fixture.Load("safetensors", file);
        string path = Path.Combine(Fixture.Folder("safetensors"), Path.ChangeExtension(file, ".safetensors"));
        byte[] bytes = File.ReadAllBytes(path);
        var check = f["torch_check"];
        Assert.Equal("strict", check.GetProperty("load_state_dict").GetString());
        Assert.Equal(check.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.True(check.GetProperty("relative_error").GetDouble() <= Tolerances.TorchFloat32);

        using var dir = new TempDirectory();
        string checkpoint = dir.File("imported.ckpt"), again = dir.File("again.safetensors");
        using (var reader = SafetensorsReader.Open(path))
            Assert.Equal(f["kind"].GetString(), SafetensorsImport.SaveCheckpoint(reader, new(), checkpoint).ToName());
        SafetensorsExport.WriteCheckpoint(checkpoint, again);
        Assert.Equal(bytes, File.ReadAllBytes(again));

        int steps = f["steps"].GetInt32(), batch = f["batch"].GetInt32();
        int[] lengths = f.GetInts("lengths");
        double[] expected = f.Get<double>("logits");
        switch (f["kind"].GetString())
        {
            case "lm":
            {
                var model = LanguageModelCheckpoint.Load(checkpoint).Model;
                model.Forward(steps, batch, f.GetInts("tokens"), default, lengths, carryState: false, null);
                Close.RelativeNorm<float, double>(model.Logits, expected, Tolerances.TorchFloat32, file);
                break;
            }
            case "tagger":
            {
                var model = TaggerCheckpoint.Load(checkpoint).Model;
                int[] tokens = f.GetInts("tokens"), chars = f.GetInts("chars"), charLengths = f.GetInts("char_lengths");
                int width = f.Shape("chars")[1], w = 0;
                var words = lengths.Select(n => new int[n]).ToArray();
                var wordChars = lengths.Select(n => new int[n][]).ToArray();
                for (int t = 0; t < steps; t++)
                    for (int b = 0; b < batch; b++)
                    {
                        if (t >= lengths[b]) continue;
                        words[b][t] = tokens[t * batch + b];
                        wordChars[b][t] = chars.AsSpan(w * width, charLengths[w]).ToArray();
                        w++;
                    }
                var source = new TaggingBatchSource(words.Select((x, b) => new TaggingExample(x, wordChars[b], null)).ToArray(), batch, null, bucketByLength: false);
                var tagging = new TaggingBatch();
                source.StartEpoch(0);
                Assert.True(source.Next(tagging));
                model.Forward(tagging, null);
                Close.RelativeNorm<float, double>(model.Logits, expected, Tolerances.TorchFloat32, file);
                break;
            }
            case "classifier":
            {
                var model = ClassifierCheckpoint.Load(checkpoint).Model;
                int[] tokens = f.GetInts("tokens");
                var examples = lengths.Select((n, b) => new ClassificationExample(
                    Enumerable.Range(0, n).Select(t => tokens[t * batch + b]).ToArray(), ClassificationBatch.IgnoreLabel)).ToArray();
                var source = new ClassificationBatchSource(examples, batch, null, bucketByLength: false);
                var classification = new ClassificationBatch();
                source.StartEpoch(0);
                Assert.True(source.Next(classification));
                model.Forward(classification, null);
                Close.RelativeNorm<float, double>(model.Logits, expected, Tolerances.TorchFloat32, file);
                break;
            }
            default:
            {
                var model = MusicCheckpoint.Load(checkpoint).Model;
                model.Forward(steps, batch, f.Get<float>("frames"), default, lengths, carryState: false, null);
                Close.RelativeNorm<float, double>(model.Logits, expected, Tolerances.TorchFloat32, file);
                break;
            }
        }
    }

    [Fact]
    public void Fixtures_CoverEveryModelKind()
    {
        var kinds = Directory.GetFiles(Fixture.Folder("safetensors"), "recur_*.json")
            .Select(p => Fixture.Load("safetensors", Path.GetFileName(p))["kind"].GetString()!).Distinct().Order();
        Assert.Equal(ModelKinds.All.Select(k => k.ToName()).Order(), kinds);
    }
}
