namespace Functions.Core.Callers;

/// <summary>One way a caller can prove who it is. The first authenticator that recognises the request wins.</summary>
public interface ICallerAuthenticator
{
    /// <summary>The caller, or null when this authenticator does not recognise the request's credentials.</summary>
    ValueTask<Caller?> AuthenticateAsync(HttpContext context);
}
