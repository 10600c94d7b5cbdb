using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;

namespace Bench.Upstream;

/// <summary>Answers chat completions from canned bytes: one JSON body, or role, content, finish, usage, [DONE].</summary>
public sealed class ChatAnswers(StreamShape defaults)
{
    private const string Head = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"delta\":";
    private static readonly byte[] Completion = Encoding.UTF8.GetBytes(
        "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"bench-model\"," +
        "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello from the bench upstream.\"},\"finish_reason\":\"stop\"}]," +
        "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":6,\"total_tokens\":15}}");
    private static readonly byte[] RoleEvent = Event(Head + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
    private static readonly byte[] ContentHead = Encoding.UTF8.GetBytes("data: " + Head + "{\"content\":\"");
    private static readonly byte[] ContentTail = Encoding.UTF8.GetBytes("\"},\"finish_reason\":null}]}\n\n");
    private static readonly byte[] FinishEvent = Event(Head + "{},\"finish_reason\":\"stop\"}]}");
    private static readonly byte[] UsageEvent = Event(
        "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"bench-model\",\"choices\":[]," +
        "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":6,\"total_tokens\":15}}");
    private static readonly byte[] DoneEvent = Encoding.UTF8.GetBytes("data: [DONE]\n\n");

    public async Task HandleAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context.Request.BodyReader, context.RequestAborted);
        if (!StreamShape.IsStream(body))
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = Completion.Length;
            await context.Response.Body.WriteAsync(Completion, context.RequestAborted);
            return;
        }
        try
        {
            await StreamAsync(context, defaults.With(body), StreamShape.WantsUsage(body));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client (or proxy) went away: the open-streams test ends its streams this way.
        }
    }

    private static async Task StreamAsync(HttpContext context, StreamShape shape, bool usage)
    {
        var ct = context.RequestAborted;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(ct);
        var writer = response.BodyWriter;
        await WriteAsync(writer, RoleEvent, ct);
        for (var i = 0; i < shape.Events; i++)
        {
            var pause = i == 0 ? shape.FirstMs : shape.IntervalMs;
            if (pause > 0) await Task.Delay(pause, ct);
            WriteContent(writer, shape.Bytes);
            await writer.FlushAsync(ct);
        }
        await WriteAsync(writer, FinishEvent, ct);
        if (usage) await WriteAsync(writer, UsageEvent, ct);
        await WriteAsync(writer, DoneEvent, ct);
    }

    /// <summary>One content event: <c>ts=</c> stamp first (taken last, just before the flush), then padding.</summary>
    private static void WriteContent(PipeWriter writer, int bytes)
    {
        var contentBytes = Math.Max(bytes, 22);
        var size = ContentHead.Length + contentBytes + ContentTail.Length;
        var span = writer.GetSpan(size);
        ContentHead.CopyTo(span);
        var content = span.Slice(ContentHead.Length, contentBytes);
        content[22..].Fill((byte)'x');
        ContentTail.CopyTo(span[(ContentHead.Length + contentBytes)..]);
        StreamShape.WriteStamp(content, Stopwatch.GetTimestamp());
        writer.Advance(size);
    }

    private static async ValueTask WriteAsync(PipeWriter writer, byte[] bytes, CancellationToken ct)
    {
        await writer.WriteAsync(bytes, ct);
    }

    private static async Task<byte[]> ReadBodyAsync(PipeReader reader, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static byte[] Event(string json) => Encoding.UTF8.GetBytes("data: " + json + "\n\n");
}
