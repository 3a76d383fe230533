using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Partners.Sdk;
using Platform.Proof.Network;
using Platform.Testing;

namespace Platform.Proof.Traffic;

/// <summary>A submission the platform accepted: its id, and how long the citizen waited for the receipt.</summary>
public sealed record Accepted(Guid SubmissionId, TimeSpan Latency, DateTimeOffset At);

/// <summary>
/// Fjordby's street-light report as citizens send it through the gateway, with an Idempotency-Key, retried with the
/// same key when the answer does not arrive or is a 5xx (so a retry never makes a second submission). And the setting
/// up every run needs: the citizens want e-mail too, and Nordbank has an agreement, a verified webhook and their consent.
/// </summary>
public sealed class Citizens(LocalNetwork network, IReadOnlyList<HttpClient> citizens)
{
    public const string Tenant = "fjordby";
    public const string FormKey = "street-light";
    public static readonly string[] Fjordby = ["citizen-kari", "citizen-ola"];

    public static async Task<Citizens> SignInAsync(LocalNetwork network)
    {
        var clients = new List<HttpClient>();
        foreach (var citizen in Fjordby)
        {
            clients.Add(network.As(await network.CitizenTokenAsync(citizen)));
        }

        return new Citizens(network, clients);
    }

    public IReadOnlyList<HttpClient> Clients => citizens;

    /// <summary>Submits report number <paramref name="n"/> as one of the citizens; null when it was refused or never answered after retries.</summary>
    public async Task<Accepted?> SubmitAsync(int n, CancellationToken cancellationToken)
    {
        var client = citizens[n % citizens.Count];
        var key = Guid.NewGuid().ToString("N");
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var stopwatch = Stopwatch.StartNew();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/forms/tenants/{Tenant}/forms/{FormKey}/submissions")
            {
                Content = JsonContent.Create(Report(n)),
            };
            request.Headers.Add("Idempotency-Key", key);
            try
            {
                using var response = await client.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var receipt = await response.Content.ReadFromJsonAsync<SubmissionReceipt>(cancellationToken);
                    return new Accepted(receipt!.SubmissionId, stopwatch.Elapsed, DateTimeOffset.UtcNow);
                }

                if ((int)response.StatusCode < 500)
                {
                    return null;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
        }

        return null;
    }

    public static object Report(int n) => new { data = Answers(n) };

    public static object Answers(int n) => new
    {
        location = new { latitude = 59.90 + (n % 100) / 1000.0, longitude = 10.75, address = $"Havnegata {n % 200 + 1}" },
        poleNumber = $"FJ-{n % 10_000:D4}",
        description = $"Street light {n} has been dark for three nights.",
    };

    /// <summary>Each citizen is told by e-mail as well as in the inbox, so every case makes deliveries on two channels.</summary>
    public async Task WantEmailAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < citizens.Count; i++)
        {
            using var saved = await citizens[i].PutAsJsonAsync("api/notifications/citizens/me/preferences",
                new { channels = new[] { "inbox", "email" }, email = EmailOf(i) }, cancellationToken);
            saved.EnsureSuccessStatusCode();
        }
    }

    public static string EmailOf(int citizen) => $"{Fjordby[citizen]}@example.org";

    /// <summary>
    /// Nordbank applies for Fjordby's agreement (case.opened on street-light reports), Fjordby's admin approves it,
    /// the bank subscribes <see cref="LocalNetwork.Partner"/> and verifies it, and every citizen consents. Returns once
    /// channels knows of each consent: the bank's own submission for the citizen is no longer refused.
    /// </summary>
    public async Task<IReadOnlyList<Accepted>> ConnectNordbankAsync(CancellationToken cancellationToken)
    {
        using var bank = network.As(await network.PartnerTokenAsync("forms.submit webhooks.manage"));
        using var admin = network.As(await network.CivilServantTokenAsync("admin@fjordby.no"));
        using var applied = await bank.PostAsJsonAsync("api/channels/partners/nordbank/agreements",
            new AgreementApplication(Tenant, [FormKey], [WebhookEventTypes.CaseOpened], [], "Street-light reports from the bank's app"), cancellationToken);
        var agreement = (await applied.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Agreement>(cancellationToken))!;
        using var approved = await admin.PostAsJsonAsync($"api/channels/tenants/{Tenant}/agreements/{agreement.Id}/approval",
            new { formKeys = new[] { FormKey }, eventTypes = new[] { WebhookEventTypes.CaseOpened }, dataSchemas = Array.Empty<string>() }, cancellationToken);
        approved.EnsureSuccessStatusCode();

        using var subscribed = await bank.PostAsJsonAsync("api/channels/partners/nordbank/webhooks",
            new SubscriptionRequest(Tenant, network.Partner.Url.ToString(), [WebhookEventTypes.CaseOpened]), cancellationToken);
        var subscription = (await subscribed.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Subscription>(cancellationToken))!;
        network.Partner.Secret = subscription.Secret;
        using var verified = await bank.PostAsync($"api/channels/partners/nordbank/webhooks/{subscription.Id}/verification", null, cancellationToken);
        verified.EnsureSuccessStatusCode();

        var probes = new List<Accepted>();
        for (var i = 0; i < citizens.Count; i++)
        {
            using var granted = await citizens[i].PostAsJsonAsync($"api/identity/tenants/{Tenant}/consents",
                new { partnerId = "nordbank", formKeys = new[] { FormKey }, expiresAt = DateTimeOffset.UtcNow.AddDays(1) }, cancellationToken);
            granted.EnsureSuccessStatusCode();
            var citizenId = Fjordby[i];
            var stopwatch = Stopwatch.StartNew();
            var accepted = await Eventually.Until(
                () => bank.PostAsJsonAsync($"api/channels/partners/nordbank/tenants/{Tenant}/forms/{FormKey}/submissions",
                    new CitizenSubmission(citizenId, JsonSerializer.SerializeToElement(Answers(i))), cancellationToken),
                response => response.StatusCode != HttpStatusCode.Forbidden, $"channels to learn of {citizenId}'s consent to Nordbank");
            var receipt = (await accepted.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<SubmissionReceipt>(cancellationToken))!;
            probes.Add(new Accepted(receipt.SubmissionId, stopwatch.Elapsed, DateTimeOffset.UtcNow));
        }

        return probes;
    }
}
