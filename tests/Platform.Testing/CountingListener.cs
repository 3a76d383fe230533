using System.Net;
using System.Net.Sockets;

namespace Platform.Testing;

/// <summary>
/// A TCP listener on loopback that counts the connections made to it and answers none: the address a hostile schema
/// points at, to prove a service never reached out while loading it. It counts connections, not HTTP requests, so a
/// fetch that gives up before sending anything still counts.
/// </summary>
public sealed class CountingListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _connections;

    private CountingListener()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>http://127.0.0.1:port, for a $ref to point at.</summary>
    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>A listener already shown to count: one connection of its own is made, counted and then forgotten.</summary>
    public static async Task<CountingListener> StartAsync()
    {
        var listener = new CountingListener();
        using (var probe = new TcpClient())
        {
            await probe.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener._listener.LocalEndpoint).Port);
        }

        await Eventually.Until(() => Task.FromResult(listener.Connections), count => count == 1, "the listener to count its own probe");
        Interlocked.Exchange(ref listener._connections, 0);
        return listener;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
