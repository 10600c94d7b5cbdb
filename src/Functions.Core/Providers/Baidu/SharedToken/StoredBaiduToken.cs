using Azure;

namespace Functions.Core.Providers.Baidu.SharedToken;

/// <summary>
/// The row that shares the token: the sealed token with when it was obtained and how long it lives, and, while
/// an instance is getting a new one, that instance's claim (an id and when it lapses). Read with its ETag, so
/// every change is a conditional write against the version that was read.
/// </summary>
internal sealed record StoredBaiduToken(bool Exists, BaiduAccessToken? Token, bool Unreadable, string? ClaimId, DateTimeOffset? ClaimUntil, ETag ETag)
{
    public const string PartitionKey = "baidu";
    private const string SealedToken = "SealedToken";
    private const string ObtainedAt = "ObtainedAt";
    private const string LifetimeSeconds = "LifetimeSeconds";
    private const string ExpiresAt = "ExpiresAt";
    private const string Claim = "ClaimId";
    private const string ClaimLapsesAt = "ClaimUntil";

    /// <summary>No row yet.</summary>
    public static StoredBaiduToken Absent { get; } = new(false, null, false, null, null, default);

    /// <summary>Whether an instance's claim is still running at <paramref name="now"/>.</summary>
    public bool IsClaimLive(DateTimeOffset now) => ClaimId is not null && ClaimUntil > now;

    /// <summary>Reads a row; a token that does not open with <paramref name="seal"/> reads as none (<see cref="Unreadable"/>).</summary>
    public static StoredBaiduToken From(TableEntity entity, BaiduTokenSeal seal)
    {
        BaiduAccessToken? token = null;
        var unreadable = false;
        if (entity.TryGetValue(SealedToken, out var sealedObject) && sealedObject is byte[] sealedValue
            && Time(entity, ObtainedAt) is { } obtainedAt
            && entity.TryGetValue(LifetimeSeconds, out var lifetime) && lifetime is long seconds && seconds > 0)
        {
            var value = seal.Open(sealedValue);
            unreadable = value is null;
            token = value is null ? null : new BaiduAccessToken(value, obtainedAt, TimeSpan.FromSeconds(seconds));
        }
        return new StoredBaiduToken(true, token, unreadable, entity.TryGetValue(Claim, out var claim) ? claim as string : null, Time(entity, ClaimLapsesAt), entity.ETag);
    }

    /// <summary>A time as read back: Azure.Data.Tables hands dates over as <see cref="DateTime"/> (UTC).</summary>
    private static DateTimeOffset? Time(TableEntity entity, string name) => entity.TryGetValue(name, out var value) ? value switch
    {
        DateTimeOffset time => time,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        _ => null,
    } : null;

    /// <summary>The entity to write: <paramref name="token"/> (sealed) if any, and a claim if any.</summary>
    public static TableEntity ToEntity(BaiduTokenSeal seal, BaiduAccessToken? token, string? claimId = null, DateTimeOffset? claimUntil = null)
    {
        var entity = new TableEntity(PartitionKey, seal.RowKey);
        if (token is not null)
        {
            entity[SealedToken] = seal.Seal(token.Value);
            entity[ObtainedAt] = token.ObtainedAt;
            entity[LifetimeSeconds] = (long)token.Lifetime.TotalSeconds;
            entity[ExpiresAt] = token.ExpiresAt;
        }
        // Replace writes the whole row: a property left out is gone, which is how a claim is released.
        if (claimId is not null) entity[Claim] = claimId;
        if (claimUntil is not null) entity[ClaimLapsesAt] = claimUntil;
        return entity;
    }
}
