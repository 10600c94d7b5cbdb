namespace Functions.Core.Providers.Upstream;

/// <summary>The provider sent nothing within the idle limit.</summary>
public sealed class IdleTimeoutException() : TimeoutException("No data from the provider within the idle limit.");
