namespace Reliability.Hostile;

/// <summary>How the request bytes are sent.</summary>
public enum HostileDelivery
{
    /// <summary>All at once.</summary>
    Whole,

    /// <summary>In small pieces with pauses between them (a slow client).</summary>
    Slow,

    /// <summary>Headers and part of the body, then nothing more (the connection stays open until the sender gives up).</summary>
    Unfinished,

    /// <summary>Part of the header block only, then nothing more.</summary>
    HeadersUnfinished,
}
