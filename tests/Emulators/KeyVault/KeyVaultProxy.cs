using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Emulators.KeyVault;

/// <summary>
/// An HTTP CONNECT proxy for the facade's <c>HTTPS_PROXY</c>: it tunnels <c>vault.localhost:port</c> to 127.0.0.1,
/// so the facade reaches the stand-in by a host name its resolver does not know (a loopback subdomain) without any
/// change to the machine's hosts file. While the stand-in is <c>down</c>, tunnels are refused (502).
/// </summary>
public sealed class KeyVaultProxy(KeyVaultServer vault, int port) : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, port);
    private readonly CancellationTokenSource _stop = new();
    private Task _accepting = Task.CompletedTask;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Start()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _accepting; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = TunnelAsync(client);
        }
    }

    private async Task TunnelAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 8192)
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0) return;
            head.Append((char)one[0]);
        }
        var parts = head.ToString().Split(' ', 3);
        if (parts.Length < 3 || parts[0] != "CONNECT" || !parts[1].StartsWith(KeyVaultServer.VaultHost + ":", StringComparison.Ordinal) || vault.Mode == "down")
        {
            await stream.WriteAsync("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
            return;
        }
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(IPAddress.Loopback, int.Parse(parts[1].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture), _stop.Token);
        await stream.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), _stop.Token);
        var server = upstream.GetStream();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        try
        {
            await Task.WhenAny(stream.CopyToAsync(server, done.Token), server.CopyToAsync(stream, done.Token));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException) { }
        await done.CancelAsync();
    }
}
