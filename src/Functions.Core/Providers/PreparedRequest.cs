namespace Functions.Core.Providers;

/// <summary>A validated call and the exact body that will go upstream (it holds no secrets: those are added at send time).</summary>
public sealed class PreparedRequest(ChatCall call, ReadOnlyMemory<byte> body, string target)
{
    public ChatCall Call { get; } = call;

    /// <summary>The upstream request body (the audit's "prompt as sent").</summary>
    public ReadOnlyMemory<byte> Body { get; } = body;

    /// <summary>Where it goes: the upstream model or endpoint, without host or query.</summary>
    public string Target { get; } = target;
}
