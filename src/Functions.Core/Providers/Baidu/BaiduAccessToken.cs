namespace Functions.Core.Providers.Baidu;

/// <summary>
/// An <c>access_token</c> from Baidu's OAuth endpoint (docs/protocols/baidu.md §3.1) and how long it lives. A secret: never logged,
/// never in an error, never audited (<see cref="ToString"/> hides it).
/// </summary>
/// <param name="Value">The token (<c>24.…</c>).</param>
/// <param name="ObtainedAt">When it was requested (earlier than issued, so expiry is never overestimated).</param>
/// <param name="Lifetime"><c>expires_in</c> (30 days in production).</param>
public sealed record BaiduAccessToken(string Value, DateTimeOffset ObtainedAt, TimeSpan Lifetime)
{
    public DateTimeOffset ExpiresAt => ObtainedAt + Lifetime;

    public override string ToString() => $"BaiduAccessToken {{ ObtainedAt = {ObtainedAt:O}, Lifetime = {Lifetime} }}";
}
