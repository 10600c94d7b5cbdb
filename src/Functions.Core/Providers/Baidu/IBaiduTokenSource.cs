namespace Functions.Core.Providers.Baidu;

/// <summary>
/// Where <see cref="BaiduTokenCache"/> gets a new access token: the OAuth endpoint itself
/// (<see cref="BaiduTokenClient"/>), or a store shared across instances placed in front of it
/// (<c>SharedBaiduTokenSource</c>).
/// </summary>
public interface IBaiduTokenSource
{
    /// <summary>
    /// Returns a usable token; failures are 502 <see cref="Errors.FacadeException"/>s with a clear message.
    /// </summary>
    /// <param name="rejectedToken">
    /// The last token Baidu refused (110/111/100), or <c>null</c>. It must not be returned again: a shared store
    /// that still holds it replaces it, and one that holds a newer token keeps that one.
    /// </param>
    /// <param name="cancellationToken">Stops the fetch.</param>
    Task<BaiduAccessToken> FetchAsync(string? rejectedToken, CancellationToken cancellationToken);
}
