namespace Functions.Core.Providers.Baidu;

/// <summary>
/// Where <see cref="BaiduTokenCache"/> gets a new access token: the OAuth endpoint itself
/// (<see cref="BaiduTokenClient"/>), or a store shared across instances placed in front of it.
/// </summary>
public interface IBaiduTokenSource
{
    /// <summary>Returns a fresh token; failures are 502 <see cref="Errors.FacadeException"/>s with a clear message.</summary>
    Task<BaiduAccessToken> FetchAsync(CancellationToken cancellationToken);
}
