namespace Recur.Models;

/// <summary>Piano rolls split into training, validation and test sequences, as the Boulanger-Lewandowski (2012) data sets.</summary>
public sealed class MusicDataset
{
    /// <summary>The split names, in order.</summary>
    public static IReadOnlyList<string> SplitNames { get; } = ["train", "valid", "test"];

    /// <summary>Creates a data set.</summary>
    /// <param name="source">Where it was read from (a file or directory), for messages.</param>
    /// <param name="train">Training sequences.</param>
    /// <param name="valid">Validation sequences (may be empty).</param>
    /// <param name="test">Test sequences (may be empty).</param>
    public MusicDataset(string source, IReadOnlyList<PianoRoll> train, IReadOnlyList<PianoRoll> valid, IReadOnlyList<PianoRoll> test)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(valid);
        ArgumentNullException.ThrowIfNull(test);
        Source = source;
        Train = train;
        Valid = valid;
        Test = test;
    }

    /// <summary>Where the data was read from.</summary>
    public string Source { get; }

    /// <summary>Training sequences.</summary>
    public IReadOnlyList<PianoRoll> Train { get; }

    /// <summary>Validation sequences.</summary>
    public IReadOnlyList<PianoRoll> Valid { get; }

    /// <summary>Test sequences.</summary>
    public IReadOnlyList<PianoRoll> Test { get; }

    /// <summary>Every sequence of every split.</summary>
    public IEnumerable<PianoRoll> All => Train.Concat(Valid).Concat(Test);

    /// <summary>The split named <c>train</c>, <c>valid</c> or <c>test</c>.</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public IReadOnlyList<PianoRoll> Split(string name) => name switch
    {
        "train" => Train,
        "valid" => Valid,
        "test" => Test,
        _ => throw new ArgumentException($"Unknown split '{name}'. Expected train, valid or test.", nameof(name)),
    };

    /// <summary>Checks that every pitch of every split lies in <paramref name="lowest"/>…<paramref name="lowest"/> + <paramref name="count"/> − 1.</summary>
    /// <exception cref="ArgumentException">A pitch lies outside; the message names the data, split, sequence and frame.</exception>
    public void CheckPitchRange(int lowest, int count)
    {
        foreach (string name in SplitNames)
        {
            var split = Split(name);
            for (int i = 0; i < split.Count; i++)
                for (int t = 0; t < split[i].FrameCount; t++)
                    foreach (int p in split[i].Frame(t))
                        if (p < lowest || p >= lowest + count)
                            throw new ArgumentException($"{Source}: {name} sequence {i}, frame {t}: pitch {p} is outside the model's range {lowest}…{lowest + count - 1}.", nameof(lowest));
        }
    }

    /// <summary>The lowest and highest pitch over every split, or null when every sequence is silent.</summary>
    public (int Lowest, int Highest)? PitchRange()
    {
        int low = int.MaxValue, high = int.MinValue;
        foreach (var roll in All)
        {
            if (roll.LowestPitch is int l) low = Math.Min(low, l);
            if (roll.HighestPitch is int h) high = Math.Max(high, h);
        }
        return low == int.MaxValue ? null : (low, high);
    }
}
