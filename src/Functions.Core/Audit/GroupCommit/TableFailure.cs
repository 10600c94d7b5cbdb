using Azure;

namespace Functions.Core.Audit.GroupCommit;

/// <summary>
/// How a Table request failed. Azure.Core reports a refusal as a <see cref="RequestFailedException"/>, a
/// transport failure after its own retries as an <see cref="AggregateException"/> of them, and a timeout as an
/// <see cref="OperationCanceledException"/>.
/// </summary>
public static class TableFailure
{
    /// <summary>Whether <paramref name="exception"/> is the storage failing (rather than a bug).</summary>
    public static bool IsStorage(Exception exception) => exception switch
    {
        RequestFailedException or OperationCanceledException or TimeoutException or HttpRequestException or IOException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsStorage),
        _ => false,
    };

    /// <summary>No answer, a timeout, throttling or a server error: trying again may work.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        RequestFailedException e => e.Status is 0 or 408 or 429 or >= 500,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTransient),
        _ => IsStorage(exception),
    };

    /// <summary>The service's answer behind a failure, if any.</summary>
    public static RequestFailedException? Answer(Exception exception) => exception switch
    {
        RequestFailedException e => e,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Answer).LastOrDefault(e => e is not null),
        _ => null,
    };
}
