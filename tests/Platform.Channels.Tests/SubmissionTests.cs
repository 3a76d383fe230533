using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Platform.Contracts.Channels;
using Platform.Contracts.Identity;
using Platform.Partners.Sdk;
using WireMock.RequestBuilders;
using Response = WireMock.ResponseBuilders.Response;

namespace Platform.Channels.Tests;

/// <summary>A partner submits through its channel; WireMock stands in for the forms service behind it.</summary>
public sealed class SubmissionTests : IAsyncLifetime
{
    private const string Citizen = "citizen-kari";
    private const string SubmissionsPath = "/partners/nordbank/tenants/fjordby/forms/street-light/submissions";
    private const string FormsPath = "/tenants/fjordby/forms/street-light/submissions";

    private readonly ChannelsHost _channels = new();
    private readonly Guid _submissionId = Guid.NewGuid();

    public Task InitializeAsync()
    {
        _channels.Forms.Given(Request.Create().WithPath(FormsPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(201)
            .WithHeader("Content-Type", "application/json; charset=utf-8")
            .WithBody($$"""{"submissionId":"{{_submissionId}}","tenantId":"fjordby","formKey":"street-light","formVersion":1,"submittedAt":"2026-11-25T10:00:00+00:00"}"""));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _channels.DisposeAsync();

    [Fact]
    public async Task Without_an_agreement_a_submission_is_refused_and_forms_is_never_asked()
    {
        await _channels.ConsentAsync("fjordby", Citizen);

        await Problems.ExpectAsync(await SubmitAsync(), HttpStatusCode.Forbidden, "no approved agreement");
        Assert.Empty(_channels.Forms.LogEntries);
    }

    [Fact]
    public async Task A_form_the_agreement_does_not_grant_is_refused()
    {
        await _channels.AgreeAsync("fjordby", formKeys: ["parking-permit"]);
        await _channels.ConsentAsync("fjordby", Citizen);

        await Problems.ExpectAsync(await SubmitAsync(), HttpStatusCode.Forbidden, "does not let 'nordbank' submit form 'street-light'");
        Assert.Empty(_channels.Forms.LogEntries);
    }

    [Fact]
    public async Task Without_the_citizens_consent_a_submission_is_refused_and_forms_is_never_asked()
    {
        await _channels.AgreeAsync("fjordby");
        await _channels.ConsentAsync("fjordby", "citizen-ola");
        await _channels.ConsentAsync("fjordby", Citizen, formKeys: "parking-permit");
        await _channels.ConsentAsync("fjordby", Citizen, partnerId: "otherbank");

        await Problems.ExpectAsync(await SubmitAsync(), HttpStatusCode.Forbidden, "no standing consent");
        Assert.Empty(_channels.Forms.LogEntries);
    }

    [Fact]
    public async Task With_consent_forms_gets_the_partners_own_token_and_the_partner_gets_forms_receipt_and_the_acceptance_is_published_once()
    {
        await _channels.AgreeAsync("fjordby");
        await _channels.ConsentAsync("fjordby", Citizen);

        using var first = await SubmitAsync(idempotencyKey: "order-1");
        using var again = await SubmitAsync(idempotencyKey: "order-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var receipt = (await first.Content.ReadFromJsonAsync<SubmissionReceipt>())!;
        Assert.Equal((_submissionId, "street-light", 1), (receipt.SubmissionId, receipt.FormKey, receipt.FormVersion));

        var sent = _channels.Forms.LogEntries.First().RequestMessage;
        Assert.Equal(_channels.Nordbank.DefaultRequestHeaders.Authorization!.ToString(), sent.Headers!["Authorization"].Single());
        Assert.Equal("order-1", sent.Headers["Idempotency-Key"].Single());
        using var body = JsonDocument.Parse(sent.Body!);
        Assert.Equal(Citizen, body.RootElement.GetProperty("citizenId").GetString());
        Assert.Equal("Dark since Monday", body.RootElement.GetProperty("data").GetProperty("description").GetString());

        var accepted = await Eventually.Until(() => Task.FromResult(_channels.Bus.Published.Select<ChannelSubmissionAccepted>().ToList()), list => list.Count == 1,
            "ChannelSubmissionAccepted to be published");
        Assert.Equal((_submissionId, "nordbank", Citizen), (accepted[0].Context.Message.SubmissionId, accepted[0].Context.Message.PartnerId, accepted[0].Context.Message.CitizenId));
        // Forms answered the repeat with the same submission; channels announced it once.
        Assert.Single(await _channels.Host.QueuedAsync<ChannelsDb, ChannelSubmissionAccepted>());
    }

    [Fact]
    public async Task Forms_validation_problem_reaches_the_partner_unchanged_and_nothing_is_published()
    {
        const string problem = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"The submission is not valid.","status":400,"errors":{"/data/location/latitude":["Must be at most 90."]},"traceId":"00-forms"}""";
        _channels.Forms.Given(Request.Create().WithPath(FormsPath).UsingPost()).AtPriority(-1)
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/problem+json").WithBody(problem));
        await _channels.AgreeAsync("fjordby");
        await _channels.ConsentAsync("fjordby", Citizen);

        using var response = await SubmitAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(problem, await response.Content.ReadAsStringAsync());
        Assert.Empty(await _channels.Host.QueuedAsync<ChannelsDb, ChannelSubmissionAccepted>());
    }

    [Fact]
    public async Task A_revoked_consent_is_refused_at_once_even_when_the_revocation_arrived_before_the_grant()
    {
        await _channels.AgreeAsync("fjordby");
        var granted = await _channels.ConsentAsync("fjordby", Citizen);
        await _channels.Mediator.Send(new ConsentRevoked(granted.ConsentId, Citizen, "nordbank", "fjordby", DateTimeOffset.UtcNow), c => c.MessageId = Guid.NewGuid());

        var lateGrant = new ConsentGranted(Guid.NewGuid(), Citizen, "nordbank", "fjordby", ["street-light"], DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow);
        await _channels.Mediator.Send(new ConsentRevoked(lateGrant.ConsentId, Citizen, "nordbank", "fjordby", DateTimeOffset.UtcNow), c => c.MessageId = Guid.NewGuid());
        await _channels.Mediator.Send(lateGrant, c => c.MessageId = Guid.NewGuid());

        await Problems.ExpectAsync(await SubmitAsync(), HttpStatusCode.Forbidden, "no standing consent");
        Assert.Empty(_channels.Forms.LogEntries);
    }

    [Fact]
    public async Task A_submission_naming_no_citizen_is_rejected_by_pointer()
    {
        await _channels.AgreeAsync("fjordby");

        var errors = await Problems.ValidationErrorsAsync(await _channels.Nordbank.PostAsJsonAsync(SubmissionsPath, new { data = new { description = "x" } }));

        Assert.Equal(["/citizenId"], errors.Keys);
    }

    private Task<HttpResponseMessage> SubmitAsync(string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, SubmissionsPath)
        {
            Content = JsonContent.Create(new
            {
                citizenId = Citizen,
                data = new { location = new { latitude = 59.91, longitude = 10.75 }, description = "Dark since Monday" },
            }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return _channels.Nordbank.SendAsync(request);
    }
}
