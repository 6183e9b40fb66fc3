using System.Text;
using Recur.Training;

namespace Recur.Tests.Cli;

/// <summary>Small generated corpora: sentences of 3–9 words drawn from ten, one per line.</summary>
public static class TinyCorpus
{
    private static readonly string[] s_words = ["the", "cat", "dog", "sat", "on", "mat", "a", "big", "red", "ran"];

    /// <summary>Writes <paramref name="lines"/> random sentences to <paramref name="path"/> and returns the path.</summary>
    public static string Write(string path, int lines, ulong seed)
    {
        var rng = new Rng(seed);
        var text = new StringBuilder();
        for (int i = 0; i < lines; i++)
        {
            int n = 3 + rng.NextInt(7);
            for (int w = 0; w < n; w++) text.Append(w == 0 ? "" : " ").Append(s_words[rng.NextInt(s_words.Length)]);
            text.Append('\n');
        }
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
        return path;
    }
}
