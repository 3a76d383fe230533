using System.Net.Http.Headers;
using System.Text.Json;
using Platform.Proof.Network;

namespace Platform.Proof.Hostile;

/// <summary>
/// Everything the users of the network can see was stored, read through the gateway the way they read it: each list
/// as its items' JSON, each single document whole, and what reached the mail sink and the partner's webhook endpoint.
/// Two readings differ only where something was stored, changed or deleted in between.
/// </summary>
public sealed class StoredThings
{
    private static readonly (string What, Caller Who, string Path)[] Readings =
    [
        ("organisations", Caller.Kari, "api/identity/organisations"),
        ("fjordby's civil servants", Caller.FjordbyAdmin, "api/identity/tenants/fjordby/civil-servants"),
        ("skogsberg's civil servants", Caller.SkogsbergAdmin, "api/identity/tenants/skogsberg/civil-servants"),
        ("Kari's consents", Caller.Kari, "api/identity/citizens/me/consents"),
        ("Ola's consents", Caller.Ola, "api/identity/citizens/me/consents"),
        ("Anna's consents", Caller.Anna, "api/identity/citizens/me/consents"),
        ("signing keys", Caller.Root, "api/identity/signing-keys"),
        ("fjordby's forms", Caller.Dag, "api/forms/tenants/fjordby/forms"),
        ("skogsberg's forms", Caller.Lars, "api/forms/tenants/skogsberg/forms"),
        ("fjordby's drafts (new-form)", Caller.Dag, "api/forms/tenants/fjordby/forms/new-form/draft"),
        ("fjordby's drafts (adopted)", Caller.Dag, "api/forms/tenants/fjordby/forms/adopted/draft"),
        ("the catalogue", Caller.Dag, "api/forms/catalogue"),
        ("street-light feedback", Caller.FjordbyAdmin, "api/forms/tenants/fjordby/forms/street-light/feedback"),
        ("Kari's submissions", Caller.Kari, "api/forms/tenants/fjordby/submissions?limit=200"),
        ("Ola's submissions", Caller.Ola, "api/forms/tenants/fjordby/submissions?limit=200"),
        ("Anna's submissions", Caller.Anna, "api/forms/tenants/skogsberg/submissions?limit=200"),
        ("fjordby's submissions", Caller.FjordbyAdmin, "api/forms/tenants/fjordby/submissions?limit=200"),
        ("skogsberg's submissions", Caller.SkogsbergAdmin, "api/forms/tenants/skogsberg/submissions?limit=200"),
        ("fjordby's cases", Caller.Ingrid, "api/cases/tenants/fjordby/cases?limit=200"),
        ("skogsberg's cases", Caller.Lars, "api/cases/tenants/skogsberg/cases?limit=200"),
        ("Kari's cases", Caller.Kari, "api/cases/citizens/me/cases?limit=200"),
        ("Ola's cases", Caller.Ola, "api/cases/citizens/me/cases?limit=200"),
        ("Anna's cases", Caller.Anna, "api/cases/citizens/me/cases?limit=200"),
        ("fjordby's audit trail", Caller.FjordbyAdmin, "api/cases/tenants/fjordby/audit?limit=200"),
        ("skogsberg's audit trail", Caller.SkogsbergAdmin, "api/cases/tenants/skogsberg/audit?limit=200"),
        ("fjordby's agreements", Caller.FjordbyAdmin, "api/channels/tenants/fjordby/agreements"),
        ("skogsberg's agreements", Caller.SkogsbergAdmin, "api/channels/tenants/skogsberg/agreements"),
        ("Nordbank's agreements", Caller.Nordbank, "api/channels/partners/nordbank/agreements"),
        ("Nordbank's webhook subscriptions", Caller.Nordbank, "api/channels/partners/nordbank/webhooks"),
        ("fjordby's data schemas", Caller.FjordbyAdmin, "api/channels/tenants/fjordby/data-schemas"),
        ("skogsberg's data schemas", Caller.SkogsbergAdmin, "api/channels/tenants/skogsberg/data-schemas"),
        ("Kari's preferences", Caller.Kari, "api/notifications/citizens/me/preferences"),
        ("Ola's preferences", Caller.Ola, "api/notifications/citizens/me/preferences"),
        ("Anna's preferences", Caller.Anna, "api/notifications/citizens/me/preferences"),
        ("fjordby's templates", Caller.FjordbyAdmin, "api/notifications/tenants/fjordby/templates"),
        ("skogsberg's templates", Caller.SkogsbergAdmin, "api/notifications/tenants/skogsberg/templates"),
        ("Kari's inbox", Caller.Kari, "api/notifications/citizens/me/inbox?limit=200"),
        ("Ola's inbox", Caller.Ola, "api/notifications/citizens/me/inbox?limit=200"),
        ("Anna's inbox", Caller.Anna, "api/notifications/citizens/me/inbox?limit=200"),
        ("Ingrid's inbox", Caller.Ingrid, "api/notifications/tenants/fjordby/caseworkers/me/inbox?limit=200"),
        ("fjordby's notifications", Caller.FjordbyAdmin, "api/notifications/tenants/fjordby/notifications?limit=200"),
        ("skogsberg's notifications", Caller.SkogsbergAdmin, "api/notifications/tenants/skogsberg/notifications?limit=200"),
    ];

    private StoredThings(IReadOnlyDictionary<string, IReadOnlyList<string>> items) => Items = items;

    /// <summary>Per kind of thing, its items as JSON text (or a single "status N" when the reading was refused).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Items { get; }

    public static async Task<StoredThings> ReadAsync(LocalNetwork network, Callers callers, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = network.Gateway, Timeout = TimeSpan.FromSeconds(30) };
        var items = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (what, who, path) in Readings)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", callers.TokenOf(who));
            using var response = await client.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                items[what] = [$"status {(int)response.StatusCode}"];
                continue;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            items[what] = document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.EnumerateArray().Select(item => item.GetRawText()).ToList()
                : [document.RootElement.GetRawText()];
        }

        items["e-mails sent"] = network.Mail.Messages.Select(mail => $"{string.Join(",", mail.To)} {mail.Subject} {mail.TextBody}").ToList();
        items["webhooks delivered"] = network.Partner.Received.Select(hook => $"{hook.WebhookId} {hook.Type} {hook.Subject}").ToList();
        return new StoredThings(items);
    }

    /// <summary>How much was watched: kinds of things, their items, and the readings refused (which then only show their status).</summary>
    public override string ToString() =>
        $"{Items.Count} kinds of things, {Items.Values.Sum(items => items.Count)} items; readings refused: {Items.Count(kind => kind.Value is [{ } only] && only.StartsWith("status ", StringComparison.Ordinal))}";

    /// <summary>
    /// What differs from <paramref name="before"/>, leaving out items that name one of <paramref name="expected"/>
    /// (the sentinel submission's id, its case's id and number): one line per kind of thing that differs.
    /// </summary>
    public IReadOnlyList<string> DifferencesFrom(StoredThings before, IReadOnlyCollection<string> expected)
    {
        bool Expected(string item) => expected.Any(id => item.Contains(id, StringComparison.OrdinalIgnoreCase));
        var differences = new List<string>();
        foreach (var (what, now) in Items)
        {
            var then = before.Items.GetValueOrDefault(what) ?? [];
            var added = now.Where(item => !Expected(item)).Except(then).ToList();
            var removed = then.Except(now).ToList();
            if (added.Count > 0 || removed.Count > 0)
            {
                differences.Add($"{what}: {added.Count} new or changed, {removed.Count} gone or changed; first new: {Shorten(added.FirstOrDefault())}; first gone: {Shorten(removed.FirstOrDefault())}");
            }
        }

        return differences;
    }

    private static string Shorten(string? item) => item is null ? "-" : item.Length > 300 ? item[..300] + "…" : item;
}
