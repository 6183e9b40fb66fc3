using System.Globalization;
using System.Text.Json;
using Recur.Models;

namespace Recur.IO;

/// <summary>
/// Reads piano rolls: the JSON of the Boulanger-Lewandowski data sets (an object with <c>train</c>, <c>valid</c> and
/// <c>test</c>, each an array of sequences, a sequence an array of frames, a frame an array of the MIDI pitches
/// sounding in it, as <c>jsb-chorales-quarter.json</c>), a single JSON sequence (an array of frames), Standard MIDI
/// files (quantised by <see cref="MidiRollConverter"/>) and folders of them. Malformed input raises
/// <see cref="InvalidDataException"/> naming the file and the JSON path (e.g. <c>$.train[3][17][2]</c>), or the line and
/// byte of a JSON syntax error, or the byte offset in a MIDI file.
/// </summary>
public static class PianoRollReader
{
    /// <summary>The largest JSON file read (256 MiB).</summary>
    public const long MaxJsonBytes = 256L << 20;

    /// <summary>File extensions read as Standard MIDI files.</summary>
    public static IReadOnlyList<string> MidiExtensions { get; } = [".mid", ".midi", ".smf"];

    /// <summary>Reads a data set: a JSON file of splits, or a folder with <c>train/</c> (and optionally <c>valid/</c>
    /// and <c>test/</c>) subfolders of MIDI files, read in ordinal name order.</summary>
    /// <param name="path">The JSON file or the folder.</param>
    /// <param name="framesPerQuarter">Resolution for MIDI files, frames per quarter note.</param>
    /// <exception cref="InvalidDataException">A file is malformed, or the data set has no training sequences.</exception>
    /// <exception cref="FileNotFoundException">The path does not exist.</exception>
    public static MusicDataset ReadDataset(string path, int framesPerQuarter = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) return ReadMidiFolder(path, framesPerQuarter);
        return ReadJson(path);
    }

    /// <summary>Reads a JSON data set <c>{"train": [...], "valid": [...], "test": [...]}</c>; absent splits are empty.</summary>
    /// <exception cref="InvalidDataException">The JSON is malformed, a key is unknown, a pitch is not an integer in
    /// 0–127, or there is no training sequence.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static MusicDataset ReadJson(string path)
    {
        using var doc = Open(path);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw Error(path, "$", $"expected an object with train, valid and test, found {Kind(root)}");
        var splits = new Dictionary<string, IReadOnlyList<PianoRoll>>();
        foreach (var property in root.EnumerateObject())
        {
            string at = "$." + property.Name;
            if (!MusicDataset.SplitNames.Contains(property.Name))
                throw Error(path, at, $"unknown key '{property.Name}'; expected train, valid and test");
            if (property.Value.ValueKind != JsonValueKind.Array)
                throw Error(path, at, $"expected an array of sequences, found {Kind(property.Value)}");
            var rolls = new List<PianoRoll>();
            int i = 0;
            foreach (var sequence in property.Value.EnumerateArray()) rolls.Add(ReadSequence(sequence, path, $"{at}[{i++}]"));
            splits[property.Name] = rolls;
        }
        IReadOnlyList<PianoRoll> Get(string name) => splits.TryGetValue(name, out var s) ? s : [];
        if (Get("train").Count == 0) throw Error(path, "$.train", "there are no training sequences");
        return new MusicDataset(path, Get("train"), Get("valid"), Get("test"));
    }

    /// <summary>
    /// Reads one sequence: from a MIDI file (by its extension, see <see cref="MidiExtensions"/>), from a JSON file that
    /// is one sequence (an array of frames), or from sequence <paramref name="index"/> of split <paramref name="split"/>
    /// of a JSON data set.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="framesPerQuarter">Resolution for a MIDI file.</param>
    /// <param name="split">The split of a JSON data set (default <c>test</c>).</param>
    /// <param name="index">The sequence's 0-based index in the split.</param>
    /// <exception cref="InvalidDataException">The file is malformed.</exception>
    /// <exception cref="ArgumentException">The split or index does not exist in the data set.</exception>
    public static PianoRoll ReadSequence(string path, int framesPerQuarter = 1, string split = "test", int index = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (IsMidi(path)) return ReadMidi(path, framesPerQuarter);
        using var doc = Open(path);
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Array) return ReadSequence(root, path, "$");
        if (root.ValueKind != JsonValueKind.Object)
            throw Error(path, "$", $"expected a sequence (an array of frames) or a data set (an object), found {Kind(root)}");
        if (!MusicDataset.SplitNames.Contains(split)) throw new ArgumentException($"Unknown split '{split}'. Expected train, valid or test.", nameof(split));
        if (!root.TryGetProperty(split, out var sequences) || sequences.ValueKind != JsonValueKind.Array)
            throw new ArgumentException($"{path}: the data set has no split '{split}'.", nameof(split));
        int count = sequences.GetArrayLength();
        if (index < 0 || index >= count)
            throw new ArgumentException($"{path}: split '{split}' has {count} sequences; index {index} is out of range.", nameof(index));
        return ReadSequence(sequences[index], path, $"$.{split}[{index}]");
    }

    /// <summary>
    /// The sequences to evaluate in <paramref name="path"/>: split <paramref name="split"/> of a data set (a JSON file of
    /// splits or a folder of MIDI files), or the one sequence of a MIDI file or of a JSON array of frames.
    /// </summary>
    /// <exception cref="InvalidDataException">A file is malformed.</exception>
    /// <param name="path">The data set or sequence file.</param>
    /// <param name="split">train, valid or test; ignored for a file of one sequence.</param>
    /// <param name="framesPerQuarter">Resolution for MIDI files.</param>
    /// <param name="oneSequence">Set when the file held a single sequence rather than splits.</param>
    /// <exception cref="ArgumentException">The split name is not train, valid or test.</exception>
    public static IReadOnlyList<PianoRoll> ReadSplit(string path, string split, int framesPerQuarter, out bool oneSequence)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!MusicDataset.SplitNames.Contains(split)) throw new ArgumentException($"Unknown split '{split}'. Expected train, valid or test.", nameof(split));
        oneSequence = false;
        if (Directory.Exists(path)) return ReadMidiFolder(path, framesPerQuarter).Split(split);
        oneSequence = true;
        if (IsMidi(path)) return [ReadMidi(path, framesPerQuarter)];
        using (var doc = Open(path))
            if (doc.RootElement.ValueKind == JsonValueKind.Array) return [ReadSequence(doc.RootElement, path, "$")];
        oneSequence = false;
        return ReadJson(path).Split(split);
    }

    /// <summary>Reads a Standard MIDI file as a piano roll (see <see cref="MidiRollConverter.ToRoll"/>; percussion skipped).</summary>
    /// <exception cref="InvalidDataException">The file is malformed or too long.</exception>
    public static PianoRoll ReadMidi(string path, int framesPerQuarter = 1) =>
        MidiRollConverter.ToRoll(MidiReader.Read(path), framesPerQuarter, source: path);

    /// <summary>Whether <paramref name="path"/> has a MIDI file extension.</summary>
    public static bool IsMidi(string path) =>
        MidiExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    private static MusicDataset ReadMidiFolder(string path, int framesPerQuarter)
    {
        IReadOnlyList<PianoRoll> Split(string name)
        {
            string folder = Path.Combine(path, name);
            if (!Directory.Exists(folder)) return [];
            return Directory.EnumerateFiles(folder).Where(IsMidi).Order(StringComparer.Ordinal)
                .Select(f => ReadMidi(f, framesPerQuarter)).ToList();
        }
        var train = Split("train");
        if (train.Count == 0)
            throw new InvalidDataException($"{path}: a MIDI data set is a folder with a train/ subfolder of .mid files; found none.");
        return new MusicDataset(path, train, Split("valid"), Split("test"));
    }

    private static JsonDocument Open(string path)
    {
        InputFile.Check(path);
        long length = new FileInfo(path).Length;
        if (length > MaxJsonBytes) throw new InvalidDataException($"{path}: {length:N0} bytes is more than a JSON piano-roll file may have here ({MaxJsonBytes:N0}).");
        CheckStartsLikeJson(path);
        // The whole file in one array of its size (a stream would be copied into ever larger buffers first), without its
        // UTF-8 byte-order mark.
        ReadOnlyMemory<byte> bytes = File.ReadAllBytes(path);
        if (bytes.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {JsonErrors.Message(e)}"), e);
        }
    }

    // A file that is not JSON (text, a binary) is rejected from its first bytes, before the whole of it is read.
    private static void CheckStartsLikeJson(string path)
    {
        const int HeadBytes = 4096;
        Span<byte> head = stackalloc byte[HeadBytes];
        int read;
        using (var stream = File.OpenRead(path)) read = stream.ReadAtLeast(head, HeadBytes, throwOnEndOfStream: false);
        head = head[..read];
        int skip = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        int first = head[skip..].IndexOfAnyExcept(" \t\r\n"u8);
        if (first >= 0 && head[skip + first] is (byte)'{' or (byte)'[') return;
        if (first < 0 && read == HeadBytes) return; // 4 KiB of white space: let the parser decide
        if (first < 0) throw new InvalidDataException($"{path}: not JSON: the file is empty.");
        throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
            $"{path}: not JSON: expected '{{' or '[' at byte {skip + first}, found 0x{head[skip + first]:X2}."));
    }

    private static PianoRoll ReadSequence(JsonElement sequence, string path, string at)
    {
        if (sequence.ValueKind != JsonValueKind.Array) throw Error(path, at, $"expected a sequence (an array of frames), found {Kind(sequence)}");
        var frames = new List<int[]>(sequence.GetArrayLength());
        int t = 0;
        foreach (var frame in sequence.EnumerateArray())
        {
            string frameAt = $"{at}[{t}]";
            if (frame.ValueKind != JsonValueKind.Array) throw Error(path, frameAt, $"expected a frame (an array of pitches), found {Kind(frame)}");
            var pitches = new int[frame.GetArrayLength()];
            int k = 0;
            foreach (var pitch in frame.EnumerateArray())
            {
                if (pitch.ValueKind != JsonValueKind.Number || !pitch.TryGetInt32(out int p) || (uint)p > PianoRoll.MaxPitch)
                    throw Error(path, $"{frameAt}[{k}]", $"expected a MIDI pitch (an integer 0–{PianoRoll.MaxPitch}), found {Kind(pitch)}");
                pitches[k++] = p;
            }
            frames.Add(pitches);
            t++;
        }
        return new PianoRoll(frames);
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        JsonValueKind.Null => "null",
        _ => e.ValueKind.ToString(),
    };

    private static InvalidDataException Error(string path, string at, string message) => new($"{path}: {at}: {message}.");
}
