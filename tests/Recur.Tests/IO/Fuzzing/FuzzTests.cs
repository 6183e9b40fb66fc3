using Recur.IO;
using Recur.Models;
using Recur.Text;
using Recur.Training;

namespace Recur.Tests.IO.Fuzzing;

/// <summary>
/// Each binary reader on <see cref="ReaderFuzzer.Iterations"/> mutated files (set RECUR_FUZZ_ITERATIONS and
/// RECUR_FUZZ_SEED for a longer campaign): only <see cref="InvalidDataException"/> or success, never another exception or a runaway allocation.
/// Targets: the checkpoint container, a language-model checkpoint with its trainer state, MIDI to piano roll, and
/// safetensors (header, every tensor, and the import of the model the file describes).
/// </summary>
public sealed class FuzzTests
{
    /// <summary>Every fuzz target, by name.</summary>
    public static IReadOnlyDictionary<string, Func<FuzzTarget>> Targets { get; } = new Dictionary<string, Func<FuzzTarget>>
    {
        ["checkpoint container"] = () => new FuzzTarget("checkpoint container",
            [CheckpointSamples.Bytes(CheckpointSamples.Small()), CheckpointSamples.Bytes(CheckpointSamples.Full()), LanguageModelCheckpointBytes()],
            bytes => CheckpointFile.Load(new MemoryStream(bytes), "fuzz.ckpt"),
            FixCheckpointChecksum),
        ["language-model checkpoint"] = () => new FuzzTarget("language-model checkpoint",
            [LanguageModelCheckpointBytes()], ReadLanguageModelCheckpoint, FixCheckpointChecksum),
        ["midi"] = () => new FuzzTarget("midi", MidiSeeds(), bytes =>
        {
            var midi = MidiReader.Parse(bytes, "fuzz.mid");
            MidiRollConverter.ToRoll(midi, 4, source: "fuzz.mid");
        }, FixedAllocation: MidiRollAllocation),
        ["safetensors"] = () => new FuzzTarget("safetensors", SafetensorsSeeds(), ReadSafetensors),
    };

    /// <summary>
    /// The largest roll the converter's limits allow, whatever the file's size (a few bytes can declare notes a million
    /// frames long): a 16-byte mask and a 4-byte start per frame, a 4-byte pitch per (frame, pitch) pair, and 4 MiB for
    /// the parse.
    /// </summary>
    private const long MidiRollAllocation = 20L * MidiRollConverter.DefaultMaxFrames + 4L * MidiRollConverter.MaxNoteFrames + (4L << 20);

    public static TheoryData<string> TargetNames() => new(Targets.Keys);

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void Read_MutatedFiles_OnlyInvalidDataOrSuccess(string name)
    {
        var target = Targets[name]();
        var outcome = ReaderFuzzer.Run(target, ReaderFuzzer.Iterations, ReaderFuzzer.Seed(0xF022));
        TestContext.Current.TestOutputHelper?.WriteLine($"{name}: {outcome.Rejected} rejected, {outcome.Accepted} read");
        // The mutations must reach past the first checks: some inputs are rejected, and the seeds themselves are read.
        Assert.True(outcome.Rejected > ReaderFuzzer.Iterations / 4, $"{name}: only {outcome.Rejected} inputs rejected");
        foreach (byte[] seed in target.Seeds) target.Read(seed);
    }

    /// <summary>Recur exports of a language model and a classifier (with metadata) and a PyTorch language model (without).</summary>
    internal static IReadOnlyList<byte[]> SafetensorsSeeds() =>
    [
        File.ReadAllBytes(Path.Combine(TestSupport.Fixture.Folder("safetensors"), "recur_lm_lstm_uni_l2.safetensors")),
        File.ReadAllBytes(Path.Combine(TestSupport.Fixture.Folder("safetensors"), "recur_classifier_rnn-relu_bi_l2.safetensors")),
        File.ReadAllBytes(Path.Combine(TestSupport.Fixture.Folder("safetensors"), "torch_lm_lstm_uni_l2.safetensors")),
    ];

    /// <summary>Opens the file, reads every tensor and imports the model it describes, as <c>recur import</c> does.</summary>
    internal static void ReadSafetensors(byte[] bytes)
    {
        using var reader = SafetensorsReader.Open(new MemoryStream(bytes), "fuzz.safetensors");
        foreach (var entry in reader.Entries) reader.ReadFloats(entry.Name);
        var options = new SafetensorsImportOptions();
        switch (SafetensorsImport.Kind(reader, null))
        {
            case ModelKind.LanguageModel: SafetensorsImport.LanguageModel(reader, options); break;
            case ModelKind.Tagger: SafetensorsImport.Tagger(reader, options); break;
            case ModelKind.Classifier: SafetensorsImport.Classifier(reader, options); break;
            case ModelKind.Music: SafetensorsImport.Music(reader, options); break;
        }
    }

    /// <summary>The bytes with their last four replaced by the CRC-32 of the others, as a checkpoint ends.</summary>
    internal static byte[] FixCheckpointChecksum(byte[] bytes) => bytes.Length < 4 ? bytes : CheckpointSamples.WithFixedChecksum(bytes);

    /// <summary>A checkpoint of a small two-layer LSTM language model with its trainer state and carried hidden state.</summary>
    internal static byte[] LanguageModelCheckpointBytes()
    {
        var builder = new VocabularyBuilder(TokenLevel.Char);
        builder.Add("the cat sat");
        var vocabulary = builder.Build();
        var model = new LanguageModel<float>(new LanguageModelOptions(vocabulary.Count) { HiddenSize = 4, EmbeddingSize = 3, NumLayers = 2 });
        model.Reset(new Rng(3));
        var trainer = new LanguageModelTrainer<float>(model, new TrainOptions { Epochs = 1, BatchSize = 2, SeqLen = 3 });
        int[] ids = vocabulary.Encode("the cat sat the cat sat");
        trainer.Train(new StreamBatchSource(new StreamBatcher(ids, 2, 3)), null, null, null, CancellationToken.None);
        string path = Path.Combine(Path.GetTempPath(), $"recur-fuzz-seed-{Guid.NewGuid():N}.ckpt");
        try
        {
            LanguageModelCheckpoint.Save(path, model, vocabulary, """{"Corpus":"x","Level":"char","Mode":"stream"}""", trainer);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Loads a language-model checkpoint and, as --resume does, restores a trainer from it.</summary>
    internal static void ReadLanguageModelCheckpoint(byte[] bytes)
    {
        string path = Path.Combine(Path.GetTempPath(), $"recur-fuzz-{Environment.CurrentManagedThreadId}.ckpt");
        File.WriteAllBytes(path, bytes);
        try
        {
            var checkpoint = LanguageModelCheckpoint.Load(path);
            if (checkpoint.TrainOptions is null) return;
            var trainer = new LanguageModelTrainer<float>(checkpoint.Model, checkpoint.TrainOptions);
            checkpoint.RestoreTrainer(trainer);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A file written by <see cref="MidiWriter"/> and a hand-made one with running status, sysex, tempo and two tracks.</summary>
    internal static IReadOnlyList<byte[]> MidiSeeds()
    {
        var roll = new PianoRoll([[60, 64], [60, 64, 67], [], [62], [62, 65]]);
        byte[] written = MidiWriter.ToBytes(MidiRollConverter.FromRoll(roll, 2, 90));
        byte[] handMade =
        [
            .. "MThd"u8, 0, 0, 0, 6, 0, 1, 0, 2, 0, 96,
            .. "MTrk"u8, 0, 0, 0, 21,
            0, 0xFF, 0x51, 3, 0x07, 0xA1, 0x20,          // tempo 500,000 µs
            0, 0xF0, 2, 0x7E, 0xF7,                      // sysex
            0, 0xFF, 0x03, 1, (byte)'x',                 // track name
            0, 0xFF, 0x2F, 0,                            // end of track
            .. "MTrk"u8, 0, 0, 0, 17,
            0, 0x90, 60, 100, 48, 64, 90,                // note on, then running status
            48, 60, 0, 0, 0x80, 64, 0,                   // velocity 0 ends 60, note off ends 64
            0, 0xC0, 5,                                  // program change
        ];
        return [written, handMade];
    }
}
