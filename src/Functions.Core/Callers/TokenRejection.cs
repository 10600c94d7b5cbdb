using Microsoft.IdentityModel.Tokens;

namespace Functions.Core.Callers;

/// <summary>
/// Why a token failed validation, in words a caller can act on. Built from the exception's type only:
/// IdentityModel's messages may quote the token's contents, which never go back to the caller.
/// </summary>
public static class TokenRejection
{
    public static string Reason(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not valid yet",
        SecurityTokenNoExpirationException => "the token has no expiry",
        SecurityTokenInvalidLifetimeException => "the token's lifetime is not valid",
        SecurityTokenInvalidAudienceException => "the token is for another audience",
        SecurityTokenInvalidIssuerException => "the token is from another issuer",
        SecurityTokenInvalidAlgorithmException => "the token's signing algorithm is not accepted",
        SecurityTokenSignatureKeyNotFoundException => "the token's signature is not valid (unknown signing key)",
        SecurityTokenInvalidSignatureException => "the token's signature is not valid",
        SecurityTokenMalformedException or ArgumentException => "the token is malformed",
        _ => "the token is not valid",
    };
}
