using System.Globalization;
using System.Text;

namespace StreamAE.Core.Observability;

/// <summary>
/// A sensor id (or any untrusted text) as it may appear in a log line or a header: at most <see cref="MaxShown"/>
/// characters, control and format characters escaped as \uXXXX, and a note of the full length when cut. A hostile id
/// (600 KB, newlines, bidi overrides) then costs one short, readable line instead of a flooded or forged log.
/// </summary>
public static class SensorIdDisplay
{
    public const int MaxShown = 64;

    public static string Shorten(string? text, int maxShown = MaxShown)
    {
        if (text is null)
        {
            return "(none)";
        }

        var shown = Math.Min(text.Length, maxShown);
        var clean = true;
        for (var i = 0; i < shown; i++)
        {
            if (NeedsEscape(text, i))
            {
                clean = false;
                break;
            }
        }

        if (clean && shown == text.Length)
        {
            return text;
        }

        var builder = new StringBuilder(shown + 32);
        for (var i = 0; i < shown; i++)
        {
            if (NeedsEscape(text, i))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)text[i]:X4}");
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        if (shown < text.Length)
        {
            builder.Append(CultureInfo.InvariantCulture, $"…({text.Length} chars)");
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return i == 0 || !char.IsHighSurrogate(text[i - 1]);
        }

        var category = char.GetUnicodeCategory(c);
        return category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }
}
