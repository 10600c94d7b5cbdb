namespace Emulators;

/// <summary>
/// How an emulator answers one request. Tests set it per request; a person trying the facade offline
/// writes it into the last user message as <c>[[emulate: error=429]]</c> (see <see cref="ScenarioDirectives"/>).
/// </summary>
public sealed class Scenario
{
    /// <summary>The answer's text pieces, one per stream event; null: the emulator's default answer.</summary>
    public IReadOnlyList<string>? Chunks { get; set; }

    /// <summary>Pause before each stream event.</summary>
    public TimeSpan EventDelay { get; set; }

    /// <summary>Pause before the response headers.</summary>
    public TimeSpan FirstByteDelay { get; set; }

    /// <summary>Answer with this HTTP error status (before any byte of an answer).</summary>
    public int? ErrorStatus { get; set; }

    /// <summary>Send the provider's in-stream error after this many content events.</summary>
    public int? ErrorAfterEvents { get; set; }

    /// <summary>Reset the connection after this many content events.</summary>
    public int? ResetAfterEvents { get; set; }

    /// <summary>Send an event that is not JSON after this many content events.</summary>
    public int? MalformedAfterEvents { get; set; }

    /// <summary>End the stream without its terminator (<c>[DONE]</c>).</summary>
    public bool OmitDone { get; set; }

    /// <summary>Answer with a call of this tool instead of text.</summary>
    public string? ToolCall { get; set; }

    /// <summary>The arguments of <see cref="ToolCall"/>, as JSON text.</summary>
    public string ToolArguments { get; set; } = "{\"city\":\"北京\"}";

    /// <summary>The finish reason to report.</summary>
    public string? FinishReason { get; set; }

    /// <summary>Awaited before stream event i (0-based) is written: lets a test hold the emulator back.</summary>
    public Func<int, CancellationToken, Task>? BeforeEvent { get; set; }

    /// <summary>Provider-specific knobs (e.g. Baidu's safety verdicts) by name.</summary>
    public Dictionary<string, string> Options { get; } = new(StringComparer.OrdinalIgnoreCase);
}
