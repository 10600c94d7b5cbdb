using Microsoft.IdentityModel.Tokens;

namespace Functions.Core.Callers;

/// <summary>
/// A token's lifetime (<c>nbf</c>, <c>exp</c>) against the injected clock, with the configured clock skew.
/// Replaces IdentityModel's own check, which reads the system clock, and throws the same exception types
/// so the caller still learns whether the token expired or is not valid yet.
/// </summary>
public sealed class TokenLifetime(TimeProvider time)
{
    /// <summary>A <see cref="LifetimeValidator"/>: true, or one of the lifetime exceptions.</summary>
    public bool Validate(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (expires is null) throw new SecurityTokenNoExpirationException("The token has no expiration time.");
        if (notBefore is { } nbf && nbf > expires)
            throw new SecurityTokenInvalidLifetimeException("The token's not-before time is after its expiration time.") { NotBefore = nbf, Expires = expires };
        if (notBefore is { } start && start > now + parameters.ClockSkew)
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = start };
        if (expires.Value < now - parameters.ClockSkew)
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires.Value };
        return true;
    }
}
