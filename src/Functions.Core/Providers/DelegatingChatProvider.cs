using System.Runtime.CompilerServices;

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

    public IReadOnlyList<string> Secrets => Inner.Secrets;

    public virtual PreparedRequest Prepare(ChatCall call) => Inner.Prepare(call);

    public virtual Task<ChatAnswer> SendAsync(PreparedRequest request, CancellationToken cancellationToken) =>
        Inner.SendAsync(request, cancellationToken);

    /// <summary>
    /// The answer with its updates handed on after <paramref name="observe"/> has seen each, telling <paramref name="ended"/>
    /// exactly once how the answer ended: with null when it was read to its end, with the exception when reading it
    /// failed, and with <see cref="AnswerAbandoned"/> when the consumer stopped early or disposed the answer without
    /// reading it (the client went away while it was being written, or before it had started).
    /// </summary>
    protected static ChatAnswer Observe(ChatAnswer answer, Action<ChatUpdate> observe, Action<Exception?> ended, CancellationToken cancellationToken)
    {
        var once = 0;
        void End(Exception? exception)
        {
            if (Interlocked.Exchange(ref once, 1) == 0) ended(exception);
        }

        return answer.WithUpdates(ObserveAsync(answer.Updates, observe, End, cancellationToken), () => End(AnswerAbandoned.Instance));
    }

    /// <summary>The shape of Microsoft.Extensions.AI's <c>LoggingChatClient</c>: try/catch around <c>MoveNextAsync</c> only.</summary>
    private static async IAsyncEnumerable<ChatUpdate> ObserveAsync(IAsyncEnumerable<ChatUpdate> updates, Action<ChatUpdate> observe, Action<Exception?> ended,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var done = false;
        try
        {
            await using var enumerator = updates.GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false)) break;
                }
                catch (Exception exception)
                {
                    done = true;
                    ended(exception);
                    throw;
                }
                observe(enumerator.Current);
                yield return enumerator.Current;
            }
            done = true;
            ended(null);
        }
        finally
        {
            if (!done) ended(AnswerAbandoned.Instance);
        }
    }
}

/// <summary>The consumer of an answer stopped reading before its end: the client went away while it was being written.</summary>
public sealed class AnswerAbandoned : Exception
{
    public static readonly AnswerAbandoned Instance = new();

    private AnswerAbandoned() : base("The answer was abandoned before its end.") { }
}
