using Functions.Core.Chat;

namespace Functions.Core.Providers;

/// <summary>
/// A provider that passes every call to an inner one, so a decorator overrides only what it changes (the shape
/// of Microsoft.Extensions.AI's <c>DelegatingChatClient</c>).
/// </summary>
public abstract class DelegatingChatProvider(IChatProvider inner) : IChatProvider
{
    /// <summary>The provider this one wraps.</summary>
    protected IChatProvider Inner { get; } = inner;

    public virtual string Name => Inner.Name;

    public virtual PreparedRequest Prepare(ChatCall call) => Inner.Prepare(call);

    public virtual Task<ChatAnswer> SendAsync(PreparedRequest request, CancellationToken cancellationToken) =>
        Inner.SendAsync(request, cancellationToken);
}
