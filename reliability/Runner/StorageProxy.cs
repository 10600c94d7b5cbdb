using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Reliability.Runner;

/// <summary>
/// A TCP relay between the facades and Azurite: taking it down refuses new connections and resets open ones, which is
/// what a storage outage looks like to the facade, while Azurite itself keeps running and keeps every write it
/// acknowledged (stopping Azurite would lose writes it had not saved to disk yet, which is no fault of the facade).
/// </summary>
public sealed class StorageProxy(int listenPort, int targetPort) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<TcpClient, TcpClient> _pairs = new();
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    public int Port => listenPort;

    public bool Up => _listener is not null;

    public void Start()
    {
        if (_listener is not null) return;
        var listener = new TcpListener(IPAddress.Loopback, listenPort);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _accepting = AcceptAsync(listener);
    }

    /// <summary>Stops listening and resets every open connection.</summary>
    public async Task StopAsync()
    {
        if (_listener is not { } listener) return;
        _listener = null;
        listener.Stop();
        await _accepting;
        foreach (var (client, server) in _pairs)
        {
            client.Client.LingerState = new LingerOption(true, 0);
            client.Dispose();
            server.Dispose();
        }
        _pairs.Clear();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { return; }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, targetPort);
            _pairs[client] = server;
            using var done = new CancellationTokenSource();
            var a = client.GetStream().CopyToAsync(server.GetStream(), done.Token);
            var b = server.GetStream().CopyToAsync(client.GetStream(), done.Token);
            await Task.WhenAny(a, b);
            await done.CancelAsync();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException) { }
        finally
        {
            _pairs.TryRemove(client, out _);
            client.Dispose();
            server.Dispose();
        }
    }
}
