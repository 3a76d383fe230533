using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Proof.Network;
using Platform.Testing;

namespace Platform.Proof.Hostile;

/// <summary>How the network answered one bad request; status 0 when it did not answer at all.</summary>
public sealed record Answer(HostileRequest Request, int Status, string? ContentType, string? Problem, bool NamesOthersThings = false);

/// <summary>A request whose answer broke a rule, and which rule.</summary>
public sealed record Violation(HostileRequest Request, int Status, string Rule);

/// <summary>What a run found: every answer, the broken rules, what was stored that should not have been, who is ready.</summary>
public sealed record HostileReport(
    IReadOnlyList<Answer> Answers,
    IReadOnlyList<Violation> Violations,
    IReadOnlyList<string> StoredAnyway,
    IReadOnlyDictionary<string, bool> ReadyAfterwards,
    TimeSpan SendingTook,
    StoredThings Watched)
{
    public IEnumerable<Answer> ServerErrors => Answers.Where(a => a.Status >= 500);

    public bool Passed => Violations.Count == 0 && StoredAnyway.Count == 0 && ReadyAfterwards.Values.All(ready => ready);
}

/// <summary>
/// The hostile-input run: every public endpoint, through the gateway, sent bad requests of every kind that suits it.
/// The rules for each answer:
/// <list type="bullet">
/// <item>never a 5xx, and always an answer;</item>
/// <item>a 4xx is an RFC 9457 problem (<c>application/problem+json</c>), except where a standard prescribes its own
/// error format: OAuth 2.0's token endpoint (RFC 6749 §5.2, <c>/api/identity/connect/</c>), the sign-in pages a browser
/// reads (<c>/api/identity/account/</c>), and Open311 GeoReport v2's error list (<c>/open311/v2/</c>); and except
/// the answers Kestrel gives before any middleware can run, which carry a status only: 414 (request line too long),
/// 431 (headers too large) and 400 for an encoded NUL in the path; and a body past Kestrel's limit may see the
/// connection closed after the 413;</item>
/// <item>a write with a forged or missing token, and a write aimed at another party's case or submission, is
/// refused (4xx); a read aimed at them may answer, but never with them.</item>
/// </list>
/// Afterwards a valid sentinel submission goes through; once its case and notice have arrived, anything a bad request
/// had set going would have arrived too. Then nothing may differ from before but what the sentinel made, and every
/// host must be ready.
/// </summary>
public sealed class HostileRun(LocalNetwork network, int requests, int seed = 10, int parallel = 4)
{
    private static readonly string[] OwnErrorFormats = ["/api/identity/connect/", "/api/identity/account/", "/open311/v2/"];

    /// <summary>
    /// The network for a run. The gateway sends every path outside the APIs to the web portals (its catch-all route),
    /// and this network runs no portals: a traversal that leaves the APIs (Kestrel resolves <c>../</c> before routing)
    /// would meet a 502 for the missing portal, not a refusal. With the catch-all moved out of reach, such a request
    /// meets the gateway's own 404, as it would meet the portal's.
    /// </summary>
    public static NetworkOptions Network(string? postgres) => new()
    {
        Postgres = postgres,
        Settings = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["gateway"] = new Dictionary<string, string> { ["ReverseProxy:Routes:portals:Match:Path"] = "/no-portals-in-this-network/{**rest}" },
        },
    };

    private int _sent;

    public int Sent => _sent;

    public async Task<HostileReport> RunAsync(Action<string> progress, CancellationToken cancellationToken)
    {
        progress("signing in the demo people and Nordbank");
        var callers = await Callers.SignInAsync(network);
        progress("Kari and Anna each report a street light: the cases the run reaches for");
        var scene = await SetTheSceneAsync(callers, cancellationToken);
        var before = await StoredThings.ReadAsync(network, callers, cancellationToken);

        progress($"sending {requests} bad requests");
        var stopwatch = Stopwatch.StartNew();
        var answers = new ConcurrentBag<Answer>();
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = network.Gateway,
            Timeout = TimeSpan.FromSeconds(60),
        };
        await Parallel.ForEachAsync(new BadRequests(scene, seed).Take(requests), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
            async (request, ct) =>
            {
                answers.Add(await SendAsync(client, callers, request, ct));
                Interlocked.Increment(ref _sent);
            });
        var sendingTook = stopwatch.Elapsed;

        progress("a valid sentinel submission goes through behind them");
        var sentinel = await SubmitAsync(callers, Caller.Kari, "fjordby", "FJ-0999", cancellationToken);
        var after = await StoredThings.ReadAsync(network, callers, cancellationToken);

        var ready = new Dictionary<string, bool>();
        foreach (var host in network.Hosts)
        {
            ready[host.Name] = await host.IsReadyAsync(cancellationToken);
        }

        var ordered = answers.OrderBy(a => a.Request.Number).ToList();
        return new HostileReport(ordered, ordered.SelectMany(Judge).ToList(), after.DifferencesFrom(before, sentinel), ready, sendingTook, before);
    }

    private static IEnumerable<Violation> Judge(Answer answer)
    {
        var request = answer.Request;
        if (answer.Status == 0)
        {
            if (request.Variant != "past-kestrels-limit")
            {
                yield return new Violation(request, 0, $"no answer: {answer.Problem}");
            }

            yield break;
        }

        if (answer.Status >= 500)
        {
            yield return new Violation(request, answer.Status, $"server error: {answer.Problem}");
        }

        if (answer.Status >= 400 && answer.ContentType != "application/problem+json" && !HasOwnErrorFormat(request) && !RefusedByKestrel(answer))
        {
            yield return new Violation(request, answer.Status, $"not a problem (RFC 9457) but {answer.ContentType ?? "no body"}");
        }

        // Reading, a filter by someone else's id may rightly find nothing; only an answer that names their things leaks.
        if (answer.Status < 400 && request.MustBeRefused && (request.Method != "GET" || answer.NamesOthersThings))
        {
            yield return new Violation(request, answer.Status, "let through: it should have been refused");
        }
    }

    /// <summary>Kestrel's own refusals, before any middleware: a request line too long, headers too large, an encoded NUL in the path.</summary>
    private static bool RefusedByKestrel(Answer answer) =>
        answer.ContentType is null && answer.Problem is null
        && (answer.Status is 414 or 431 || (answer.Status == 400 && answer.Request.PathAndQuery.Split('?')[0].Contains("%00", StringComparison.Ordinal)));

    private static bool HasOwnErrorFormat(HostileRequest request) =>
        OwnErrorFormats.Any(prefix => request.PathAndQuery.StartsWith(prefix, StringComparison.Ordinal));

    private static async Task<Answer> SendAsync(HttpClient client, Callers callers, HostileRequest hostile, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(hostile.Method), hostile.PathAndQuery);
        var authorization = hostile.Credential switch
        {
            Credential.Forged => hostile.Authorization,
            Credential.Own when callers.TokenOf(hostile.Caller) is { } token => "Bearer " + token,
            _ => null,
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (hostile.Body is not null)
        {
            request.Content = new ByteArrayContent(hostile.Body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
        }

        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return new Answer(hostile, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, Summary(body),
                hostile.OthersIds.Any(id => body.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase)));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new Answer(hostile, 0, null, ex.GetBaseException().Message);
        }
    }

    private static string? Summary(string body) => body.Length == 0 ? null : body.Length > 400 ? body[..400] + "…" : body;

    /// <summary>Kari's and Anna's own reports, each through to its case and the citizen's notice, before anything is counted.</summary>
    private async Task<Scene> SetTheSceneAsync(Callers callers, CancellationToken cancellationToken)
    {
        var karis = await SubmitAsync(callers, Caller.Kari, "fjordby", "FJ-0001", cancellationToken);
        var annas = await SubmitAsync(callers, Caller.Anna, "skogsberg", "SB-0001", cancellationToken);
        return new Scene(Guid.Parse(karis[0]), Guid.Parse(karis[1]), Guid.Parse(annas[0]), Guid.Parse(annas[1]), callers.TokenOf(Caller.Kari)!);
    }

    /// <summary>
    /// A valid street-light report by <paramref name="citizen"/>, followed until its case is open and the citizen's
    /// inbox holds the notice: the submission's id, the case's id and the case's number.
    /// </summary>
    private async Task<string[]> SubmitAsync(Callers callers, Caller citizen, string tenant, string pole, CancellationToken cancellationToken)
    {
        using var client = network.As(callers.TokenOf(citizen)!);
        using var submitted = await client.PostAsJsonAsync($"api/forms/tenants/{tenant}/forms/street-light/submissions", new
        {
            data = new
            {
                location = new { latitude = 59.91, longitude = 10.75, address = "Havnegata 1" },
                poleNumber = pole,
                description = "The street light by the harbour has been dark for three nights.",
            },
        }, cancellationToken);
        if (submitted.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"{citizen}'s valid report was refused: {(int)submitted.StatusCode} {await submitted.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var submissionId = (await submitted.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("submissionId").GetString()!;
        var mine = await Eventually.Until(
            async () => (await client.GetFromJsonAsync<List<JsonElement>>("api/cases/citizens/me/cases?limit=200", cancellationToken))!
                .Where(c => c.GetRawText().Contains(submissionId, StringComparison.OrdinalIgnoreCase)).ToList(),
            cases => cases.Count == 1, $"the case of {citizen}'s report");
        var @case = mine[0].TryGetProperty("case", out var nested) ? nested : mine[0];
        var caseId = @case.GetProperty("id").GetString()!;
        var caseNumber = @case.GetProperty("caseNumber").GetString()!;
        await Eventually.Until(
            async () => (await client.GetStringAsync("api/notifications/citizens/me/inbox?limit=200", cancellationToken)),
            inbox => inbox.Contains(caseId, StringComparison.OrdinalIgnoreCase) || inbox.Contains(caseNumber, StringComparison.Ordinal),
            $"the notice of {citizen}'s case in the inbox");
        return [submissionId, caseId, caseNumber];
    }
}
