namespace Recur.Metrics;

/// <summary>
/// Entities of a sentence tagged in the IOB (IOB1), IOB2 or BIOES scheme, cut as conlleval does: a tag is <c>O</c> or
/// a prefix <c>B</c>, <c>I</c>, <c>E</c> or <c>S</c>, a hyphen and a type. The same rules read all three schemes, so
/// gold and predicted tags need not be well formed:
/// <list type="bullet">
/// <item>an entity ends before a token when the previous tag was E or S; when the previous tag was B or I and this one
/// is B, S or O; or when the type changes;</item>
/// <item>an entity starts at a token tagged B or S; at I or E after O, E or S; or at any non-O tag whose type differs
/// from the previous one.</item>
/// </list>
/// So an I- without a B- starts an entity (IOB1 and conlleval), a type change inside a span splits it in two, S- is an
/// entity of one token, and B- right after an entity of the same type starts a new one.
/// </summary>
public static class EntityChunks
{
    /// <summary>The entities of one sentence, in order.</summary>
    /// <param name="tags">One tag per token.</param>
    /// <exception cref="ArgumentException">A tag is empty, or has a prefix other than B, I, E or S, or no type.</exception>
    public static List<EntitySpan> Extract(IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var spans = new List<EntitySpan>();
        char previous = 'O';
        string previousType = "";
        int start = -1;
        for (int i = 0; i <= tags.Count; i++)
        {
            // A virtual O after the last token closes any open entity.
            var (prefix, type) = i < tags.Count ? Split(tags[i], nameof(tags)) : ('O', "");
            if (start >= 0 && Ends(previous, prefix, previousType, type))
            {
                spans.Add(new EntitySpan(previousType, start, i));
                start = -1;
            }
            if (Starts(previous, prefix, previousType, type)) start = i;
            previous = prefix;
            previousType = type;
        }
        return spans;
    }

    /// <summary>
    /// True when every tag is <c>O</c> or a B-, I-, E- or S- prefix and a type, and at least one is not <c>O</c>: the tag
    /// set of an entity task, for which entity-level scores are meaningful.
    /// </summary>
    public static bool IsEntityTagSet(IEnumerable<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        bool any = false;
        foreach (string tag in tags)
        {
            if (tag == "O") continue;
            if (tag.Length < 3 || tag[1] != '-' || tag[0] is not ('B' or 'I' or 'E' or 'S')) return false;
            any = true;
        }
        return any;
    }

    /// <summary>The prefix (B, I, E, S or O) and type of a tag.</summary>
    /// <exception cref="ArgumentException">The tag is not O and not a prefix, a hyphen and a type.</exception>
    public static (char Prefix, string Type) Split(string tag, string paramName = "tag")
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (tag == "O") return ('O', "");
        if (tag.Length < 3 || tag[1] != '-' || tag[0] is not ('B' or 'I' or 'E' or 'S'))
            throw new ArgumentException($"Tag '{tag}' is neither O nor B-, I-, E- or S- followed by a type.", paramName);
        return (tag[0], tag[2..]);
    }

    private static bool Ends(char previous, char current, string previousType, string type)
    {
        if (previous is 'E' or 'S') return true;
        if (previous is 'B' or 'I' && current is 'B' or 'S' or 'O') return true;
        return previous != 'O' && previousType != type;
    }

    private static bool Starts(char previous, char current, string previousType, string type)
    {
        if (current is 'B' or 'S') return true;
        if (current is 'I' or 'E' && previous is 'O' or 'E' or 'S') return true;
        return current != 'O' && previousType != type;
    }
}
