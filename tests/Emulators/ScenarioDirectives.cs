using System.Globalization;
using System.Text.RegularExpressions;

namespace Emulators;

/// <summary>
/// Reads <c>[[emulate: key=value key2 ...]]</c> from a message, so the emulators can be scripted through
/// the facade with any client. Keys: <c>error</c>, <c>error-after</c>, <c>reset-after</c>,
/// <c>malformed-after</c>, <c>no-done</c>, <c>delay</c> (ms), <c>first-byte-delay</c> (ms), <c>tool</c>,
/// <c>events</c>, <c>finish</c>; any other key goes to <see cref="Scenario.Options"/>.
/// </summary>
public static partial class ScenarioDirectives
{
    public static Scenario? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var match = Directive().Match(text);
        if (!match.Success) return null;
        var scenario = new Scenario();
        foreach (var token in match.Groups[1].Value.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = token.Split('=', 2);
            var key = parts[0].Trim().ToLowerInvariant();
            var value = parts.Length > 1 ? parts[1].Trim() : "";
            int Int() => int.Parse(value, CultureInfo.InvariantCulture);
            switch (key)
            {
                case "error": scenario.ErrorStatus = Int(); break;
                case "error-after": scenario.ErrorAfterEvents = Int(); break;
                case "reset-after": scenario.ResetAfterEvents = Int(); break;
                case "malformed-after": scenario.MalformedAfterEvents = Int(); break;
                case "no-done": scenario.OmitDone = true; break;
                case "delay": scenario.EventDelay = TimeSpan.FromMilliseconds(Int()); break;
                case "first-byte-delay": scenario.FirstByteDelay = TimeSpan.FromMilliseconds(Int()); break;
                case "tool": scenario.ToolCall = value; break;
                case "events": scenario.Chunks = new GeneratedChunks(Int()); break;
                case "finish": scenario.FinishReason = value; break;
                default: scenario.Options[key] = value; break;
            }
        }
        return scenario;
    }

    [GeneratedRegex(@"\[\[emulate:(.*?)\]\]", RegexOptions.Singleline)]
    private static partial Regex Directive();
}
