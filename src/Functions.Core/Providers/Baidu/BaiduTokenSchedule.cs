namespace Functions.Core.Providers.Baidu;

/// <summary>
/// When a token stops being used (its expiry less the margin) and when a refresh of it starts ahead of that.
/// The instance cache and the shared store judge a token by the same two points.
/// </summary>
/// <param name="StaleAt">From here on the token is not used: callers wait for a new one.</param>
/// <param name="RefreshAt">From here on a new token is fetched in the background while this one stays in use.</param>
public readonly record struct BaiduTokenSchedule(DateTimeOffset StaleAt, DateTimeOffset RefreshAt)
{
    /// <summary>
    /// The schedule of <paramref name="token"/>: margin <c>TokenExpiryMargin</c> (at most a quarter of the
    /// lifetime), refresh <c>TokenRefreshAhead</c> earlier (at most a quarter of the usable lifetime).
    /// </summary>
    public static BaiduTokenSchedule For(BaiduAccessToken token, BaiduOptions options)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(options);
        var margin = Min(options.TokenExpiryMargin, token.Lifetime / 4);
        var staleAt = token.ExpiresAt - margin;
        var ahead = Min(options.TokenRefreshAhead, (token.Lifetime - margin) / 4);
        return new BaiduTokenSchedule(staleAt, staleAt - ahead);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
