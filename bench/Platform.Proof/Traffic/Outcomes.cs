using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.Partners.Sdk;
using Platform.Proof.Network;

namespace Platform.Proof.Traffic;

/// <summary>How many of what was expected happened exactly once, and how many not at all or more than once.</summary>
public sealed record Tally(string What, int Expected, int Once, int Missing, int Duplicated, int Faulty = 0)
{
    public bool Exact => Once == Expected && Missing == 0 && Duplicated == 0 && Faulty == 0;
}

/// <summary>
/// What became of a set of accepted submissions, as the people involved see it: the municipality's queue (one case
/// per submission), its delivery status (per case: the citizen told once in the inbox and once by e-mail; a case opened
/// is news to the citizen only), the mail that arrived at the SMTP server, and what the partner's endpoint acknowledged
/// (one case.opened per case, correctly signed).
/// </summary>
public sealed partial class Outcomes(LocalNetwork network, HttpClient caseworker)
{
    private static readonly string[] Channels = ["inbox", "email"];
    private static readonly string[] Recipients = ["Citizen"];

    /// <summary>The cases of Fjordby's street-light queue, by submission, read page by page through the Link header.</summary>
    public async Task<Dictionary<Guid, List<(Guid CaseId, string CaseNumber)>>> CasesBySubmissionAsync(CancellationToken cancellationToken)
    {
        var cases = new Dictionary<Guid, List<(Guid, string)>>();
        var queue = $"api/cases/tenants/{Citizens.Tenant}/cases";
        string? next = $"{queue}?formKey={Citizens.FormKey}&limit=200";
        while (next is not null)
        {
            using var response = await caseworker.GetAsync(next, cancellationToken);
            response.EnsureSuccessStatusCode();
            foreach (var @case in (await response.Content.ReadFromJsonAsync<List<JsonElement>>(cancellationToken))!)
            {
                var submission = @case.GetProperty("submissionId").GetGuid();
                if (!cases.TryGetValue(submission, out var found))
                {
                    cases[submission] = found = [];
                }

                found.Add((@case.GetProperty("id").GetGuid(), @case.GetProperty("caseNumber").GetString()!));
            }

            // The next page's Link is the query string alone (rel="next"), to be asked of the same path.
            next = response.Headers.TryGetValues("Link", out var links) && NextLink().Match(string.Join(',', links)) is { Success: true } link
                ? queue + link.Groups[1].Value
                : null;
        }

        return cases;
    }

    /// <summary>How many submissions have their case, and how many cases their webhook and their e-mail: the cheap signs that a run has settled.</summary>
    public async Task<(int Cases, int Webhooks, int Emails)> ProgressAsync(IReadOnlyCollection<Guid> submissions, CancellationToken cancellationToken)
    {
        var cases = await CasesBySubmissionAsync(cancellationToken);
        var caseIds = submissions.SelectMany(s => cases.GetValueOrDefault(s) ?? []).Select(c => c.CaseId.ToString()).ToHashSet();
        var webhooks = network.Partner.Received.Where(w => w.Type == WebhookEventTypes.CaseOpened && caseIds.Contains(w.Subject ?? "")).Select(w => w.Subject).Distinct().Count();
        var numbers = submissions.SelectMany(s => cases.GetValueOrDefault(s) ?? []).Select(c => c.CaseNumber).ToHashSet();
        var emails = network.Mail.Messages.Select(m => (Number: CaseNumberIn(m.Subject + " " + m.TextBody), To: string.Join(',', m.To)))
            .Where(m => m.Number is not null && numbers.Contains(m.Number)).Distinct().Count();
        return (submissions.Count(cases.ContainsKey), webhooks, emails);
    }

    /// <summary>Counts everything once the run has settled.</summary>
    public async Task<IReadOnlyList<Tally>> CountAsync(IReadOnlyCollection<Guid> submissions, CancellationToken cancellationToken)
    {
        var cases = await CasesBySubmissionAsync(cancellationToken);
        var tallies = new List<Tally>
        {
            new("submissions with a case", submissions.Count,
                submissions.Count(s => cases.GetValueOrDefault(s)?.Count == 1),
                submissions.Count(s => !cases.ContainsKey(s)),
                submissions.Count(s => cases.GetValueOrDefault(s)?.Count > 1)),
        };
        var opened = submissions.SelectMany(s => cases.GetValueOrDefault(s) ?? []).ToList();

        // Delivery status, per case: exactly one notification per recipient, with exactly one delivery per channel, done.
        var perCase = new ConcurrentBag<(int Once, int Missing, int Duplicated, int Failed)>();
        await Parallel.ForEachAsync(opened, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (@case, ct) =>
        {
            var notifications = (await caseworker.GetFromJsonAsync<List<JsonElement>>(
                $"api/notifications/tenants/{Citizens.Tenant}/notifications?caseId={@case.CaseId}&limit=200", ct))!;
            var deliveries = notifications.Where(n => n.GetProperty("kind").GetString() == "case-opened")
                .SelectMany(n => n.GetProperty("deliveries").EnumerateArray().Select(d => (
                    Recipient: n.GetProperty("recipientKind").GetString()!,
                    Channel: d.GetProperty("channel").GetString()!,
                    Status: d.GetProperty("status").GetString()!)))
                .ToList();
            int once = 0, missing = 0, duplicated = 0, failed = 0;
            foreach (var recipient in Recipients)
            {
                foreach (var channel in Channels)
                {
                    var found = deliveries.Where(d => d.Recipient == recipient && d.Channel == channel).ToList();
                    if (found.Count == 0)
                    {
                        missing++;
                    }
                    else if (found.Count > 1)
                    {
                        duplicated++;
                    }
                    else if (found[0].Status is "Delivered" or "Sent")
                    {
                        once++;
                    }
                    else
                    {
                        failed++;
                    }
                }
            }

            perCase.Add((once, missing, duplicated, failed));
        });
        tallies.Add(new("notifications (recipient × channel)", opened.Count * Recipients.Length * Channels.Length,
            perCase.Sum(c => c.Once), perCase.Sum(c => c.Missing), perCase.Sum(c => c.Duplicated), perCase.Sum(c => c.Failed)));

        // What reached the SMTP server: one e-mail per case, to the citizen.
        var numbers = opened.Select(c => c.CaseNumber).ToHashSet();
        var mails = network.Mail.Messages
            .SelectMany(m => m.To.Select(to => (Number: CaseNumberIn(m.Subject + " " + m.TextBody), To: to)))
            .Where(m => m.Number is not null && numbers.Contains(m.Number))
            .GroupBy(m => m)
            .ToDictionary(g => g.Key, g => g.Count());
        var expectedMails = opened.Count * Recipients.Length;
        tallies.Add(new("e-mails received by SMTP", expectedMails, mails.Count(m => m.Value == 1),
            expectedMails - mails.Count, mails.Count(m => m.Value > 1)));

        // What the partner acknowledged: one case.opened per case, each with a valid signature.
        var caseIds = opened.Select(c => c.CaseId.ToString()).ToHashSet();
        var webhooks = network.Partner.Received.Where(w => w.Type == WebhookEventTypes.CaseOpened && caseIds.Contains(w.Subject ?? ""))
            .GroupBy(w => w.Subject!).ToList();
        tallies.Add(new("webhooks acknowledged by the partner", opened.Count, webhooks.Count(g => g.Count() == 1),
            opened.Count - webhooks.Count, webhooks.Count(g => g.Count() > 1), webhooks.Count(g => g.Any(w => !w.SignatureValid))));
        return tallies;
    }

    public static string? CaseNumberIn(string? text) => text is null ? null : CaseNumber().Match(text) is { Success: true } m ? m.Value : null;

    [GeneratedRegex(@"[A-Z]{1,3}-\d{4}-[0-9A-F]{6}")]
    private static partial Regex CaseNumber();

    [GeneratedRegex(@"<([^>]+)>\s*;\s*rel=""?next""?")]
    private static partial Regex NextLink();
}
