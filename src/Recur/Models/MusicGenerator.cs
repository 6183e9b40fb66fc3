using System.Numerics;
using Recur.Training;

namespace Recur.Models;

/// <summary>
/// Generates piano rolls from a <see cref="MusicModel{T}"/>, frame by frame: each pitch of the next frame is drawn
/// independently, on with probability σ(z/τ) for temperature τ (τ = 1 samples the model; τ → 0 approaches the most
/// likely frame, and τ = 0 takes it: every pitch with z &gt; 0), and the drawn frame is the next input.
/// The state starts from zeros and first reads the seed fragment (the prime); without one it reads a single silent
/// frame (a rest), since the model only ever predicts a frame from the one before.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class MusicGenerator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MusicModel<T> _model;

    /// <summary>Wraps a model.</summary>
    public MusicGenerator(MusicModel<T> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
    }

    /// <summary>Generates <paramref name="frames"/> frames after <paramref name="prime"/>.</summary>
    /// <param name="prime">The seed fragment, or null (or empty) to start from a rest.</param>
    /// <param name="frames">Frames to generate (≥ 0).</param>
    /// <param name="temperature">τ ≥ 0.</param>
    /// <param name="rng">Source of the draws.</param>
    /// <returns>The prime's frames followed by the generated ones.</returns>
    /// <exception cref="ArgumentException">A negative frame count, a negative or non-finite temperature, or a prime
    /// pitch outside the model's range.</exception>
    public PianoRoll Generate(PianoRoll? prime, int frames, double temperature, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (frames < 0) throw new ArgumentException($"The number of frames must be ≥ 0, got {frames}.", nameof(frames));
        if (!(temperature >= 0) || double.IsInfinity(temperature))
            throw new ArgumentException($"Temperature must be ≥ 0 and finite, got {temperature}.", nameof(temperature));
        int k = _model.PitchCount, low = _model.Options.LowestPitch;
        var output = new List<int[]>();
        int primeFrames = prime?.FrameCount ?? 0;
        var input = new T[Math.Max(1, primeFrames) * k];
        for (int t = 0; t < primeFrames; t++)
        {
            var frame = prime!.Frame(t);
            foreach (int p in frame)
            {
                if (p < low || p >= low + k)
                    throw new ArgumentException($"The prime's frame {t} has pitch {p}, outside the model's range {low}…{low + k - 1}.", nameof(prime));
                input[t * k + p - low] = T.One;
            }
            output.Add(frame.ToArray());
        }
        if (frames == 0) return new PianoRoll(output);
        _model.Forward(Math.Max(1, primeFrames), 1, input, default, default, carryState: false, null);
        var next = new T[k];
        var pitches = new List<int>();
        for (int f = 0; f < frames; f++)
        {
            var z = _model.Logits[^k..];
            pitches.Clear();
            for (int i = 0; i < k; i++)
            {
                double logit = double.CreateChecked(z[i]);
                bool on = temperature == 0 ? logit > 0 : rng.NextDouble() < 1 / (1 + Math.Exp(-logit / temperature));
                next[i] = on ? T.One : T.Zero;
                if (on) pitches.Add(low + i);
            }
            output.Add(pitches.ToArray());
            if (f + 1 < frames) _model.Forward(1, 1, next, default, default, carryState: true, null);
        }
        return new PianoRoll(output);
    }
}
