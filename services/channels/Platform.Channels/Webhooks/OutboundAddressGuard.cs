using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Platform.Channels.Webhooks;

/// <summary>
/// Keeps calls to partners' URLs off the platform's own network (server-side request forgery): an address that is
/// loopback, link-local, private, carrier-grade NAT, multicast, unspecified, or one of this machine's or the
/// platform's own (<c>Webhooks:PlatformHosts</c>) is refused. Loopback is allowed only with
/// <c>Webhooks:AllowLoopback</c>, for local runs and tests. The check runs when a subscription is made and again on
/// every connection (<see cref="ConnectAsync"/>), so a name that later resolves elsewhere (DNS rebinding) is caught.
/// A partner is told why only in general terms, one answer for every refusal: naming the address a host resolved to,
/// or telling a name that resolves inside the network from one that does not resolve, would map the platform's
/// network for whoever probes it. The operator's log has the host, the address and the reason.
/// </summary>
public sealed partial class OutboundAddressGuard(IOptions<WebhookOptions> options, ILogger<OutboundAddressGuard> logger)
{
    public const string Refusal =
        "the URL's host must resolve to public addresses only; loopback, private, link-local, carrier-grade NAT, multicast, " +
        "unspecified and the platform's own addresses are not allowed.";

    private readonly Lazy<Task<HashSet<IPAddress>>> _platformAddresses = new(() => PlatformAddressesAsync(options.Value.PlatformHosts));

    /// <summary><see cref="Refusal"/> when <paramref name="url"/> may not be called, or null when every address it resolves to is allowed.</summary>
    public async Task<string?> ProblemWithAsync(Uri url, CancellationToken ct)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(url.Host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(url.Host, ct);
        }
        catch (SocketException ex)
        {
            LogUnresolved(url.Host, ex.Message);
            return Refusal;
        }

        if (addresses.Length == 0)
        {
            LogUnresolved(url.Host, "no address");
            return Refusal;
        }

        return await RefusedAsync(url.Host, addresses) ? Refusal : null;
    }

    /// <summary>For <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves, refuses any forbidden address, connects to an allowed one.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        if (await RefusedAsync(endpoint.Host, addresses))
        {
            // The message becomes a delivery attempt's error, which the partner reads.
            throw new HttpRequestException($"Refused to connect: {Refusal}");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<bool> RefusedAsync(string host, IPAddress[] addresses)
    {
        foreach (var address in addresses)
        {
            if (await RefusalAsync(address) is { } reason)
            {
                LogRefused(host, address, reason);
                return true;
            }
        }

        return false;
    }

    private async Task<string?> RefusalAsync(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return options.Value.AllowLoopback ? null : "a loopback address";
        }

        if (ForbiddenRange(address) is { } range)
        {
            return range;
        }

        return (await _platformAddresses.Value).Contains(address) ? "an address of the platform itself" : null;
    }

    private static string? ForbiddenRange(IPAddress address)
    {
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return "an unspecified or broadcast address";
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => "a 'this network' address",
                10 => "a private address",
                100 when b[1] is >= 64 and <= 127 => "a carrier-grade NAT address",
                169 when b[1] == 254 => "a link-local address",
                172 when b[1] is >= 16 and <= 31 => "a private address",
                192 when b[1] == 168 => "a private address",
                >= 224 => "a multicast or reserved address",
                _ => null,
            };
        }

        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
        {
            return "a link-local address";
        }

        if (address.IsIPv6Multicast)
        {
            return "a multicast address";
        }

        // fc00::/7, IPv6's private range.
        return (address.GetAddressBytes()[0] & 0xFE) == 0xFC ? "a private address" : null;
    }

    private static async Task<HashSet<IPAddress>> PlatformAddressesAsync(IEnumerable<string> platformHosts)
    {
        var own = NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => !IPAddress.IsLoopback(a))
            .ToHashSet();
        foreach (var host in platformHosts)
        {
            try
            {
                own.UnionWith(IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host));
            }
            catch (SocketException)
            {
                // A platform host that does not resolve here cannot be reached from here either.
            }
        }

        return own;
    }

    [LoggerMessage(LogLevel.Warning, "A webhook URL's host {Host} was refused: it resolves to {Address}, {Reason}")]
    private partial void LogRefused(string host, IPAddress address, string reason);

    [LoggerMessage(LogLevel.Warning, "A webhook URL's host {Host} was refused: it does not resolve ({Error})")]
    private partial void LogUnresolved(string host, string error);
}
