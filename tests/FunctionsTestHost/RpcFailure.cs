using FunctionsTestHost.Rpc;

namespace FunctionsTestHost;

/// <summary>Text of the protocol's failure messages, for logs and exceptions.</summary>
internal static class RpcFailure
{
    /// <summary>Type, message and stack of an exception the worker reported.</summary>
    public static string Describe(Rpc.RpcException exception) =>
        string.Join(Environment.NewLine, new[] { $"{exception.Type}: {exception.Message}".Trim(' ', ':'), exception.StackTrace }
            .Where(part => !string.IsNullOrEmpty(part)));

    /// <summary>A status that is not <c>Success</c>, as one line plus the exception.</summary>
    public static string Describe(StatusResult? status) =>
        status is null
            ? "no status"
            : $"{status.Status}{(status.Result is { Length: > 0 } result ? $" ({result})" : "")}"
                + (status.Exception is null ? "" : Environment.NewLine + Describe(status.Exception));
}
