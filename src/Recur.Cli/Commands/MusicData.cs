using System.Globalization;
using System.Text.Json;
using Recur.IO;
using Recur.Models;

namespace Recur.Cli.Commands;

/// <summary>Where a music model's data comes from and its pitch range; stored in the checkpoint so that --resume,
/// evaluate and generate rebuild it.</summary>
internal sealed record MusicData
{
    /// <summary>A JSON data set of train/valid/test piano rolls, or a folder with train/ valid/ test/ MIDI files.</summary>
    public string Data { get; init; } = "";

    /// <summary>Frames per quarter note when MIDI files are quantised, and in generated files.</summary>
    public int FramesPerQuarter { get; init; } = 1;

    /// <summary>piano (21–108), data (the lowest to the highest pitch of every split) or LOW-HIGH.</summary>
    public string Pitches { get; init; } = "piano";

    public void Validate()
    {
        if (Data.Length == 0) throw new ArgumentException("--data is required: a JSON piano-roll data set or a folder of MIDI files.");
        if (!File.Exists(Data) && !Directory.Exists(Data)) throw new FileNotFoundException($"{Data}: no such file or folder.");
        if (FramesPerQuarter is < 1 or > 273) throw new ArgumentException($"--frames-per-quarter must be in 1–273, got {FramesPerQuarter}.");
        if (Pitches is not ("piano" or "data")) ParseRange(Pitches);
    }

    public MusicDataset Load() => PianoRollReader.ReadDataset(Data, FramesPerQuarter);

    /// <summary>The model's (lowest pitch, pitch count) for this data.</summary>
    public (int Lowest, int Count) PitchRange(MusicDataset data)
    {
        if (Pitches == "piano") return (MusicModelOptions.PianoLowest, MusicModelOptions.PianoKeys);
        if (Pitches == "data")
        {
            var range = data.PitchRange() ?? throw new InvalidDataException($"{data.Source}: every sequence is silent; there is no pitch range to learn.");
            return (range.Lowest, range.Highest - range.Lowest + 1);
        }
        var (low, high) = ParseRange(Pitches);
        return (low, high - low + 1);
    }

    public string ToJson() => JsonSerializer.Serialize(this);

    public static MusicData FromJson(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<MusicData>(json) ?? throw new InvalidDataException($"{source}: empty data description.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: invalid data description: {e.Message}", e);
        }
    }

    private static (int Low, int High) ParseRange(string text)
    {
        string[] parts = text.Split('-');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int low)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int high) && low <= high && high <= PianoRoll.MaxPitch)
            return (low, high);
        throw new ArgumentException($"--pitches must be piano, data or LOW-HIGH with 0 ≤ LOW ≤ HIGH ≤ 127, got '{text}'.");
    }
}
