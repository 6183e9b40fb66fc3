using System.Text.Json;

namespace Recur.IO;

/// <summary>Messages of JSON errors for one-line reports.</summary>
internal static class JsonErrors
{
    /// <summary>
    /// The message of <paramref name="e"/> on one line, without the position System.Text.Json appends
    /// (" Path: $.x | LineNumber: 0 | BytePositionInLine: 4."), which the caller reports in its own words.
    /// </summary>
    public static string Message(JsonException e)
    {
        string message = e.Message;
        foreach (string tail in new[] { " Path: ", " LineNumber:" })
        {
            int at = message.IndexOf(tail, StringComparison.Ordinal);
            if (at >= 0) message = message[..at];
        }
        return message.ReplaceLineEndings(" ").Trim();
    }
}
