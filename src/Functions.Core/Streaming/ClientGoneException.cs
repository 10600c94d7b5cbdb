namespace Functions.Core.Streaming;

/// <summary>
/// Writing to the client failed because it has gone (the response pipe was completed or cancelled), possibly before
/// <c>RequestAborted</c> fires: a client going away, never a failure of the facade.
/// </summary>
public sealed class ClientGoneException() : OperationCanceledException("The client has gone.");
