namespace Recur.Diagnostics;

/// <summary>
/// The text properties that interpretable units of character models are known to track (Karpathy, Johnson and Fei-Fei
/// 2015): being inside quotes or brackets, the position in the line and in the word, spaces, vowels, capitals,
/// punctuation and line ends. Each is computed from the tokens read so far, so it is a function of what the model has
/// seen when its state after token i is formed. For word tokens the same definitions apply to whole tokens.
/// </summary>
public static class TextFeatures
{
    /// <summary>The features of a token sequence; a line break is the token <c>"\n"</c>.</summary>
    public static IReadOnlyList<TextFeature> Compute(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        int n = tokens.Count;
        var quotes = new double[n];
        var brackets = new double[n];
        var linePosition = new double[n];
        var wordPosition = new double[n];
        var space = new double[n];
        var vowel = new double[n];
        var upper = new double[n];
        var punctuation = new double[n];
        var lineEnd = new double[n];
        bool inQuotes = false;
        int depth = 0, column = 0, inWord = 0;
        for (int i = 0; i < n; i++)
        {
            string t = tokens[i];
            if (t == "\n")
            {
                column = 0;
                lineEnd[i] = 1;
            }
            else column++;
            if (t is "\"" or "“" or "”") inQuotes = t switch { "“" => true, "”" => false, _ => !inQuotes };
            foreach (char ch in t)
            {
                if (ch is '(' or '[' or '{') depth++;
                else if (ch is ')' or ']' or '}') depth = Math.Max(0, depth - 1);
            }
            bool letters = t.Length > 0 && t.All(char.IsLetter);
            inWord = letters ? inWord + 1 : 0;
            quotes[i] = inQuotes ? 1 : 0;
            brackets[i] = depth;
            linePosition[i] = column;
            wordPosition[i] = inWord;
            space[i] = t == " " ? 1 : 0;
            vowel[i] = t.Length == 1 && "aeiouAEIOU".Contains(t[0]) ? 1 : 0;
            upper[i] = letters && t.Any(char.IsUpper) ? 1 : 0;
            punctuation[i] = t.Length > 0 && t.All(char.IsPunctuation) ? 1 : 0;
        }
        return
        [
            new("inside quotes", "1 between an opening and a closing double quote", quotes),
            new("inside brackets", "nesting depth of ( [ {", brackets),
            new("position in line", "tokens since the last line break", linePosition),
            new("position in word", "letters since the last non-letter", wordPosition),
            new("space", "1 on a space", space),
            new("vowel", "1 on a vowel", vowel),
            new("capital", "1 on a token with an upper-case letter", upper),
            new("punctuation", "1 on punctuation", punctuation),
            new("line end", "1 on a line break", lineEnd),
        ];
    }
}
