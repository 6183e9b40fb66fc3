using System.CommandLine;
using System.Globalization;
using Recur.IO;
using Recur.Models;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary><c>recur music generate</c>: samples a piece from a music model and writes it as a Standard MIDI file.</summary>
internal static class MusicGenerateCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string>("--model") { Description = "Checkpoint file or run directory (then its best checkpoint).", Required = true };
        var output = new Option<string>("--out") { Description = "The MIDI file to write (format 1).", Required = true };
        var frames = new Option<int>("--frames") { Description = "Frames to generate after the prime.", DefaultValueFactory = _ => 64 };
        var temperature = new Option<double>("--temperature") { Description = "Each pitch is drawn on with probability σ(z/T); below 1 more conservative, 0 the most likely frame.", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<ulong?>("--seed") { Description = "Seed of the draws (default: time-based)." };
        var prime = new Option<string?>("--prime") { Description = "A MIDI file whose piano roll starts the piece." };
        var primeJson = new Option<string?>("--prime-json") { Description = "A JSON sequence (array of frames) or data set whose sequence starts the piece (see --prime-split, --prime-index)." };
        var primeSplit = new Option<string>("--prime-split") { Description = "Split of a --prime-json data set.", DefaultValueFactory = _ => "test" };
        var primeIndex = new Option<int>("--prime-index") { Description = "Sequence of --prime-split (0-based).", DefaultValueFactory = _ => 0 };
        var primeFrames = new Option<int?>("--prime-frames") { Description = "Use only the first N frames of the prime (default: all)." };
        var bpm = new Option<double>("--bpm") { Description = "Tempo of the written file in quarter notes per minute.", DefaultValueFactory = _ => 100.0 };
        var framesPerQuarter = new Option<int?>("--frames-per-quarter") { Description = "Resolution of the prime and the written file (default: the model's data resolution)." };
        var velocity = new Option<int>("--velocity") { Description = "Velocity of every note, 1-127.", DefaultValueFactory = _ => 80 };
        var command = new Command("generate", "Generate a piece from nothing or from a seed fragment and write it as MIDI.")
        {
            model, output, frames, temperature, seed, prime, primeJson, primeSplit, primeIndex, primeFrames, bpm, framesPerQuarter, velocity,
        };
        command.SetAction(parse => CommandRunner.Run(parse.GetValue(verbose), () =>
        {
            int count = parse.GetValue(frames);
            if (count < 0) throw new ArgumentException($"--frames must be ≥ 0, got {count}.");
            double tau = parse.GetValue(temperature);
            if (!(tau >= 0) || double.IsInfinity(tau)) throw new ArgumentException($"--temperature must be ≥ 0 and finite, got {tau}.");
            string? midiPrime = parse.GetValue(prime), jsonPrime = parse.GetValue(primeJson);
            if (midiPrime is not null && jsonPrime is not null) throw new ArgumentException("Give --prime or --prime-json, not both.");
            string path = CommandRunner.ResolveModel(parse.GetValue(model)!);
            var checkpoint = MusicCheckpoint.Load(path);
            var music = MusicData.FromJson(checkpoint.Data, path);
            int rate = parse.GetValue(framesPerQuarter) ?? music.FramesPerQuarter;
            if (rate is < 1 or > 273) throw new ArgumentException($"--frames-per-quarter must be in 1–273, got {rate}.");

            PianoRoll? start = null;
            if (midiPrime is not null) start = PianoRollReader.ReadMidi(midiPrime, rate);
            else if (jsonPrime is not null) start = PianoRollReader.ReadSequence(jsonPrime, rate, parse.GetValue(primeSplit)!, parse.GetValue(primeIndex));
            if (start is not null && parse.GetValue(primeFrames) is int n)
            {
                if (n < 0) throw new ArgumentException($"--prime-frames must be ≥ 0, got {n}.");
                start = start.Slice(0, Math.Min(n, start.FrameCount));
            }
            var rng = new Rng(parse.GetValue(seed) ?? (ulong)DateTime.UtcNow.Ticks);
            var roll = new MusicGenerator<float>(checkpoint.Model).Generate(start, count, tau, rng);
            var midi = MidiRollConverter.FromRoll(roll, rate, parse.GetValue(bpm), parse.GetValue(velocity));
            string outPath = parse.GetValue(output)!;
            MidiWriter.Write(outPath, midi);
            int primed = start?.FrameCount ?? 0;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"recur: wrote {outPath}: {roll.FrameCount} frames ({primed} from the prime, {roll.FrameCount - primed} generated), " +
                $"{midi.Notes.Count} notes, {rate} frame(s) per quarter note at {parse.GetValue(bpm):G} bpm"));
            return 0;
        }));
        return command;
    }
}
