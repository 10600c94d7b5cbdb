using Azure;

namespace Functions.Core.Providers.Baidu.SharedToken;

/// <summary>
/// Shares one Baidu access token between every instance through a table row (<see cref="StoredBaiduToken"/>),
/// in front of the OAuth endpoint. A stored token that is not yet due for refresh is used as is. Otherwise one
/// instance claims the row with a conditional write (insert if absent, or If-Match on the version it read),
/// mints, and writes the token back If-Match on its claim; the others, whose write fails with 409 or 412, read
/// again and wait for that token. So two cold instances make one token request. A refused token is replaced
/// only while the row still holds it: a row that already holds a newer token is left alone. When the table
/// cannot be reached, the instance mints on its own (logged once per outage). The token is sealed in the row
/// and never logged.
/// </summary>
public sealed partial class SharedBaiduTokenSource : IBaiduTokenSource
{
    private readonly IBaiduTokenSource _minter;
    private readonly TableClient _table;
    private readonly ISecretStore _secrets;
    private readonly BaiduOptions _options;
    private readonly BaiduSharedTokenOptions _shared;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Shares the tokens <paramref name="minter"/> (the OAuth endpoint) gets through a table of <paramref name="service"/>.</summary>
    public SharedBaiduTokenSource(IBaiduTokenSource minter, TableServiceClient service, ISecretStore secrets, IOptions<BaiduOptions> options, TimeProvider time, ILogger<SharedBaiduTokenSource> logger)
    {
        ArgumentNullException.ThrowIfNull(service);
        _minter = minter;
        _secrets = secrets;
        _options = options.Value;
        _shared = _options.SharedToken;
        _table = service.GetTableClient(_shared.TableName);
        _time = time;
        _logger = logger;
    }

    /// <summary>How long a claim holds: the token endpoint's time limit and two table operations.</summary>
    private TimeSpan ClaimDuration => _options.TokenTimeout + 2 * _shared.StoreTimeout;

    /// <inheritdoc />
    public async Task<BaiduAccessToken> FetchAsync(string? rejectedToken, CancellationToken cancellationToken)
    {
        if (await SealAsync(cancellationToken).ConfigureAwait(false) is not { } seal)
            return await _minter.FetchAsync(rejectedToken, cancellationToken).ConfigureAwait(false);
        var claimId = Guid.NewGuid().ToString("N");
        var giveUpAt = _time.GetUtcNow() + 2 * ClaimDuration;
        while (true)
        {
            if (await ReadAsync(seal, cancellationToken).ConfigureAwait(false) is not { } stored)
                return await _minter.FetchAsync(rejectedToken, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if (stored.Unreadable) Log.StoredTokenUnreadable(_logger);
            var token = stored.Token is { } t && t.Value != rejectedToken ? t : null;
            var schedule = token is null ? default : BaiduTokenSchedule.For(token, _options);
            if (token is not null && now < schedule.RefreshAt)
            {
                Log.UsingSharedToken(_logger);
                return token;
            }
            // Still usable while another instance refreshes it (a refused token never is).
            var keep = token is not null && now < schedule.StaleAt ? token : null;
            if (stored.IsClaimLive(now) && stored.ClaimId == claimId)
            {
                // Our claim went through although its answer was lost (a retried insert said 409).
                return await MintAndShareAsync(seal, stored.ETag, keep, rejectedToken, cancellationToken).ConfigureAwait(false);
            }
            if (now >= giveUpAt)
            {
                Log.GaveUpWaiting(_logger);
                return await _minter.FetchAsync(rejectedToken, cancellationToken).ConfigureAwait(false);
            }
            if (stored.IsClaimLive(now))
            {
                if (keep is not null) return keep;
                Log.WaitingForAnotherInstance(_logger);
                await Task.Delay(_shared.PollInterval, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var claim = StoredBaiduToken.ToEntity(seal, keep, claimId, now + ClaimDuration);
            var claimed = stored.Exists
                ? await RunAsync(ct => ReplaceAsync(claim, stored.ETag, ct), cancellationToken).ConfigureAwait(false)
                : await RunAsync(ct => AddAsync(claim, ct), cancellationToken).ConfigureAwait(false);
            switch (claimed.Outcome)
            {
                case StoreOutcome.Done:
                    return await MintAndShareAsync(seal, claimed.Value, keep, rejectedToken, cancellationToken).ConfigureAwait(false);
                case StoreOutcome.Conflict:
                    continue;
                default:
                    return await _minter.FetchAsync(rejectedToken, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Mints under our claim, then writes the token If-Match on the claim (or gives the claim back on failure).</summary>
    private async Task<BaiduAccessToken> MintAndShareAsync(BaiduTokenSeal seal, ETag claim, BaiduAccessToken? keep, string? rejectedToken, CancellationToken cancellationToken)
    {
        BaiduAccessToken token;
        try
        {
            token = await _minter.FetchAsync(rejectedToken, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Let the next instance try now rather than wait for the claim to lapse.
            var release = StoredBaiduToken.ToEntity(seal, keep);
            await RunAsync(ct => ReplaceAsync(release, claim, ct), CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        var entity = StoredBaiduToken.ToEntity(seal, token);
        var shared = await RunAsync(ct => ReplaceAsync(entity, claim, ct), cancellationToken).ConfigureAwait(false);
        // Conflict: our claim lapsed and another instance took the row over; its token stays, ours is valid too.
        if (shared.Outcome == StoreOutcome.Done) Log.SharedNewToken(_logger, token.Lifetime.TotalSeconds);
        else Log.NewTokenNotShared(_logger, shared.Outcome.ToString());
        return token;
    }

    /// <summary>The row of this application's token; <c>null</c> when the table cannot be reached.</summary>
    private async Task<StoredBaiduToken?> ReadAsync(BaiduTokenSeal seal, CancellationToken cancellationToken)
    {
        var read = await RunAsync(ct => GetAsync(StoredBaiduToken.PartitionKey, seal.RowKey, ct), cancellationToken).ConfigureAwait(false);
        if (read.Outcome != StoreOutcome.Done) return null;
        return read.Value is { } entity ? StoredBaiduToken.From(entity, seal) : StoredBaiduToken.Absent;
    }

    /// <summary>The seal for the current keys; <c>null</c> when a key is missing (the minter then says which).</summary>
    private async Task<BaiduTokenSeal?> SealAsync(CancellationToken cancellationToken)
    {
        var apiKey = await _secrets.GetAsync(SecretNames.BaiduApiKey, cancellationToken).ConfigureAwait(false);
        var secretKey = await _secrets.GetAsync(SecretNames.BaiduSecretKey, cancellationToken).ConfigureAwait(false);
        return string.IsNullOrEmpty(apiKey) || string.IsNullOrEmpty(secretKey) ? null : new BaiduTokenSeal(apiKey, secretKey);
    }
}
