namespace Functions.Core.Chat;

/// <summary>
/// One call through the facade after it has been authenticated, parsed, validated and routed: what
/// every later link (provider adapter, relay, audit) needs to know about it.
/// </summary>
public sealed class ChatCall
{
    public required string RequestId { get; init; }
    public required Caller Caller { get; init; }
    public required ModelRoute Route { get; init; }
    public required ChatCompletionRequest Request { get; init; }

    /// <summary>The request body exactly as received (the audit's "prompt as received").</summary>
    public required ReadOnlyMemory<byte> RawBody { get; init; }

    /// <summary>Unix seconds, the same in every chunk.</summary>
    public required long Created { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>The Functions host's invocation id (<c>x-ms-invocation-id</c>) when hosted.</summary>
    public string? InvocationId { get; init; }

    /// <summary>The <c>id</c> of the completion and of every chunk: stable for the whole call.</summary>
    public string CompletionId => "chatcmpl-" + RequestId;

    public bool Stream => Request.IsStream;

    /// <summary>The name of the public route the call came in on (<c>chat-completions</c>, <c>baidu-chat</c>, …).</summary>
    public string RouteName { get; init; } = "chat-completions";

    /// <summary>True on a provider's pass-through route: its own dialect in and out (the audit's route <c>native</c>).</summary>
    public bool PassThrough { get; init; }
}
