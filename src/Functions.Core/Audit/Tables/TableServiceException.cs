using Azure;

namespace Functions.Core.Audit.Tables;

/// <summary>
/// The one exception of the Table client: the HTTP status (0 when no response came back), the service's
/// error code (for example <c>EntityAlreadyExists</c>) and, for a failed entity group transaction, the index
/// of the operation that failed.
/// </summary>
public sealed class TableServiceException : RequestFailedException
{
    /// <summary>Creates the exception from what the service (or the transport) said.</summary>
    public TableServiceException(int status, string? errorCode, string message, Exception? innerException = null, int? failedOperationIndex = null)
        : base(status, message, errorCode, innerException)
    {
        FailedOperationIndex = failedOperationIndex;
    }

    /// <summary>The zero-based index of the operation that failed an entity group transaction, if known.</summary>
    public int? FailedOperationIndex { get; }

    /// <summary>
    /// Whether trying again may succeed: no response at all, a timeout, throttling or a server error.
    /// </summary>
    public bool IsTransient => Status is 0 or 408 or 429 or >= 500;
}
