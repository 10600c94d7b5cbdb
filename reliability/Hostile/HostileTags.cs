namespace Reliability.Hostile;

/// <summary>What a case carries that the facade must not let through, so a 2xx answer to it is a finding.</summary>
[Flags]
public enum HostileTags
{
    None = 0,

    /// <summary>A JSON object with the same member name twice (a pass-through must not forward it: the audit and the provider could read different values).</summary>
    DuplicateKey = 1,

    /// <summary>Text that is not valid Unicode: invalid UTF-8, lone or reversed surrogates (escaped or raw).</summary>
    InvalidUnicode = 2,

    /// <summary>Caller text with CR/LF followed by <see cref="HostileTargets.ForgeMarker"/>: it must never start a log line.</summary>
    LogForging = 4,

    /// <summary>A body larger than the facade's limit.</summary>
    Oversized = 8,

    /// <summary>One of the fixed probes of known defects (always generated first).</summary>
    KnownProbe = 16,

    /// <summary>The HTTP framing itself is broken; the server (Kestrel) may answer before the app sees anything.</summary>
    MalformedHttp = 32,
}
