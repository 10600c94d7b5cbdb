using System.Runtime.CompilerServices;
using Functions.Core.Chat;
using Functions.Core.Errors;
using Functions.Core.Validation;

namespace Functions.Core.Providers.MindIE;

/// <summary>
/// The pass-through route (<c>POST /mindie/v1/chat/completions</c>): the caller's MindIE-dialect body goes to
/// MindIE unchanged (no <c>max_completion_tokens</c> translation: callers of this route speak MindIE), and
/// MindIE's answer comes back unchanged, errors included. Each chunk of bytes carries its translated
/// update for the audit.
/// </summary>
public sealed partial class MindIEProvider : INativeChatProvider
{
    public PreparedRequest PrepareNative(ChatCall call)
    {
        ChatRequestValidator.Validate(call.Request);
        MindIERequestRules.Check(call.Request, call.Route);
        return new PreparedRequest(call, call.RawBody, call.Route.Target);
    }

    public async Task<NativeResponse> SendNativeAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        var upstream = await OpenAsync(request, cancellationToken).ConfigureAwait(false);
        var headers = new List<KeyValuePair<string, string>>();
        if (upstream.Response.Headers.TryGetValues("Retry-After", out var retry)) headers.Add(new("Retry-After", string.Join(",", retry)));
        var ok = upstream.Status is >= 200 and < 300;
        var chunks = ok && upstream.ContentType?.MediaType == "text/event-stream"
            ? StreamChunksAsync(upstream, request.Call.RequestId, cancellationToken)
            : WholeBodyAsync(upstream, ok);
        return new NativeResponse(upstream.Status, upstream.ContentType?.ToString(), headers, chunks, upstream);
    }

    private async IAsyncEnumerable<NativeChunk> WholeBodyAsync(UpstreamCall upstream, bool ok)
    {
        var body = await upstream.ReadBodyAsync(_options.MaxResponseBytes).ConfigureAwait(false);
        ChatUpdate? update = null;
        if (ok)
        {
            try
            {
                update = FromMindIEResponse.ToUpdate(FromMindIEResponse.Translate(body));
            }
            catch (FacadeException)
            {
                // The caller gets MindIE's bytes whatever they are; the audit gets no update for them.
            }
        }
        yield return new NativeChunk(body, update);
    }

    private async IAsyncEnumerable<NativeChunk> StreamChunksAsync(UpstreamCall upstream, string requestId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = new MindIEStreamReader(upstream.Body, _options.MaxEventBytes, keepRaw: true, requestId, _logger);
        while (await upstream.ReadAsync(reader.ReadAsync).ConfigureAwait(false) is { } item)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!item.Raw.IsEmpty || item.Update is not null) yield return new NativeChunk(item.Raw, item.Update);
            // MindIE's own error bytes have gone to the caller as they were; the failure still ends the call.
            if (item.Error is { } error) throw error;
        }
    }
}
