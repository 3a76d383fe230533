using System.Text.Json;
using OpenIddict.Abstractions;

namespace Platform.Identity.Clients;

/// <summary>Who a client-credentials client acts as, kept in the OpenIddict application's Properties.</summary>
public static class ClientProperties
{
    /// <summary>One of <see cref="Platform.ServiceDefaults.Security.Parties"/>: partner or service.</summary>
    public const string Party = "party";

    /// <summary>The organisation a partner client belongs to.</summary>
    public const string Organisation = "org";

    public static void Describe(this OpenIddictApplicationDescriptor client, string party, string? organisation = null)
    {
        client.Properties[Party] = JsonSerializer.SerializeToElement(party);
        if (organisation is not null)
        {
            client.Properties[Organisation] = JsonSerializer.SerializeToElement(organisation);
        }
    }

    public static string? Read(this IReadOnlyDictionary<string, JsonElement> properties, string name) =>
        properties.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
