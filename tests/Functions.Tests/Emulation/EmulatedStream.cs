using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Emulators;
using Emulators.Baidu;
using Emulators.Lanrui;
using Emulators.MindIE;

namespace Functions.Tests.Emulation;

/// <summary>One emulator on Kestrel at port 0, and a streaming chat request to it in that provider's dialect.</summary>
internal sealed class EmulatedStream : IAsyncDisposable
{
    /// <summary>The client's socket receive buffer: small and fixed, so the kernel does not grow it (up to tens of MB).</summary>
    public const int ClientReceiveBuffer = 64 * 1024;

    private readonly EmulatorServer _server;
    private readonly HttpClient _client;

    private EmulatedStream(EmulatorBase emulator, EmulatorServer server)
    {
        Emulator = emulator;
        _server = server;
        _client = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = ClientReceiveBuffer };
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        }) { BaseAddress = server.Address };
    }

    public EmulatorBase Emulator { get; }

    public static async Task<EmulatedStream> StartAsync(string provider) =>
        provider switch
        {
            "lanrui" => await StartAsync(new LanruiEmulator()),
            "baidu" => await StartAsync(new BaiduEmulator()),
            // A cap above the longest answer the tests ask for, so MindIE streams all of it.
            "mindie" => await StartAsync(new MindIEEmulator { MaxIterTimes = 1_000_000 }),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };

    private static async Task<EmulatedStream> StartAsync(EmulatorBase emulator) => new(emulator, await EmulatorServer.StartAsync(emulator));

    /// <summary>Sends a streaming chat request and returns once the response headers are in; the body is left unread.</summary>
    public async Task<HttpResponseMessage> OpenAsync(string userText, CancellationToken cancellationToken)
    {
        var (path, model, bearer) = Emulator switch
        {
            LanruiEmulator lanrui => ("v1/chat/completions", "meta-llama/Llama-2-7b-chat-hf", lanrui.ApiKey),
            MindIEEmulator mindie => ("v1/chat/completions", mindie.ModelName, null),
            BaiduEmulator => (BaiduEmulator.ChatPrefix.TrimStart('/') + "ernie-speed?access_token=" + await BaiduTokenAsync(cancellationToken), null, null),
            _ => throw new InvalidOperationException(),
        };
        var body = model is null
            ? $$"""{"stream":true,"messages":[{"role":"user","content":"{{userText}}"}]}"""
            : $$"""{"model":"{{model}}","stream":true,"messages":[{"role":"user","content":"{{userText}}"}]}""";
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        return response;
    }

    private async Task<string> BaiduTokenAsync(CancellationToken cancellationToken)
    {
        var query = $"oauth/2.0/token?grant_type=client_credentials&client_id={BaiduEmulator.DefaultApiKey}&client_secret={BaiduEmulator.DefaultSecretKey}";
        using var token = System.Text.Json.JsonDocument.Parse(await _client.GetStringAsync(query, cancellationToken));
        return token.RootElement.GetProperty("access_token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }
}
