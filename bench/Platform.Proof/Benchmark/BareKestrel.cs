using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Testing;

namespace Platform.Proof.Benchmark;

/// <summary>
/// The floor under a GET: a bare Kestrel endpoint in this process, on the same box and loopback, that answers the same
/// path with the same bytes and content type as the service did, and does nothing else (no authentication, no
/// database, no middleware). What the service costs on top of HTTP itself is the gap between the two.
/// </summary>
public sealed class BareKestrel : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareKestrel(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<BareKestrel> ServeAsync(string path, byte[] body, string contentType)
    {
        var port = Loopback.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/" + path, () => Results.Bytes(body, contentType));
        await app.StartAsync();
        return new BareKestrel(app, new Uri($"http://127.0.0.1:{port}/{path}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
