using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MassTransit.Testing;
using Microsoft.AspNetCore.Http;
using Platform.Contracts.Forms;
using static Platform.Forms.Submissions.SubmitForm;

namespace Platform.Forms.Tests;

public sealed class SubmissionTests : IAsyncLifetime
{
    private const string StreetLight = "/tenants/fjordby/forms/street-light/submissions";

    private readonly FormsHost _forms = new(new Dictionary<string, string?> { ["Forms:MaxSubmissionBytes"] = "1024" });
    private readonly string _citizen = $"citizen-{Guid.NewGuid():N}";
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _http = _forms.As(_forms.Tokens.Citizen(_citizen));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _forms.DisposeAsync();

    [Fact]
    public async Task A_citizens_valid_submission_is_stored_and_announced_as_their_own()
    {
        // The citizen is whoever signed in; the body need not say it again.
        using var response = await _http.PostAsJsonAsync(StreetLight, new
        {
            data = new { location = new { latitude = 59.91, longitude = 10.75, address = "Storgata 1" }, poleNumber = "FJ-0042", description = "The lamp blinks all night." },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<SubmissionReceipt>();
        Assert.NotEqual(Guid.Empty, receipt!.SubmissionId);
        Assert.Equal($"/tenants/fjordby/submissions/{receipt.SubmissionId}", response.Headers.Location?.OriginalString);

        var stored = await _http.GetFromJsonAsync<List<SubmissionReceipt>>("/tenants/fjordby/submissions");
        Assert.Equal([receipt.SubmissionId], stored!.Select(s => s.SubmissionId));
        Assert.Equal(receipt, await _http.GetFromJsonAsync<SubmissionReceipt>($"/tenants/fjordby/submissions/{receipt.SubmissionId}"));

        var queued = Assert.Single(await _forms.QueuedAsync<FormSubmitted>());
        using (var body = JsonDocument.Parse(queued.Body))
        {
            Assert.Equal("FJ-0042", body.RootElement.GetProperty("data").GetProperty("poleNumber").GetString());
        }

        // The dispatcher publishes the queued row under its own id, so consumers can recognise a republished event.
        var published = await Eventually.Until(
            () => Task.FromResult(_forms.Bus.Published.Select<FormSubmitted>(p => p.Context.MessageId == queued.Id).FirstOrDefault()),
            p => p is not null,
            "FormSubmitted to leave the outbox");
        var submitted = published!.Context.Message;
        Assert.Equal(receipt.SubmissionId, submitted.SubmissionId);
        Assert.Equal(("fjordby", "street-light", 1, _citizen, null), (submitted.TenantId, submitted.FormKey, submitted.FormVersion, submitted.CitizenId, submitted.SubmittedVia));
        Assert.Equal(59.91, submitted.Data.GetProperty("location").GetProperty("latitude").GetDouble());
        Assert.Equal("The lamp blinks all night.", submitted.Data.GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_submission_with_wrong_answers_is_rejected_naming_each_field_and_nothing_is_stored_or_announced()
    {
        using var response = await _http.PostAsJsonAsync(StreetLight, new
        {
            citizenId = _citizen,
            data = new { location = new { latitude = 123.4, longitude = 10.75 }, poleNumber = "42" },
        });

        var errors = await Problems.ValidationErrorsAsync(response);
        Assert.Equal(["/data/description", "/data/location/latitude", "/data/poleNumber"], errors.Keys.Order());
        Assert.Equal(["This field is required."], errors["/data/description"]);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_answer_the_form_does_not_ask_for_is_rejected_by_name()
    {
        using var response = await _http.PostAsJsonAsync(StreetLight, new
        {
            citizenId = _citizen,
            data = new { location = new { latitude = 59.9, longitude = 10.7 }, description = "Dark since Monday.", colour = "green" },
        });

        var errors = await Problems.ValidationErrorsAsync(response);
        Assert.Equal(["/data/colour"], errors.Keys);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Answers_to_a_draft_07_form_are_rejected_with_pointers_into_its_lists()
    {
        using var response = await _http.PostAsJsonAsync("/tenants/skogsberg/forms/bulky-waste/submissions", new
        {
            citizenId = _citizen,
            data = new
            {
                address = "Skogsvägen 3",
                items = new object[] { new { kind = "sofa", count = 1 }, new { kind = "mattress", count = 0 } },
                preferredDate = "2026-05-01",
            },
        });

        var errors = await Problems.ValidationErrorsAsync(response);
        Assert.Equal(["/data/items/0/kind", "/data/items/1/count"], errors.Keys.Order());
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_submission_with_a_blank_citizen_and_no_answers_is_rejected_naming_both()
    {
        using var response = await _http.PostAsJsonAsync(StreetLight, new { citizenId = " ", data = "lamp is broken" });

        var errors = await Problems.ValidationErrorsAsync(response);
        Assert.Equal(["/citizenId", "/data"], errors.Keys.Order());
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_and_nothing_is_stored()
    {
        using var response = await _http.PostAsync(StreetLight,
            new StringContent($$"""{"citizenId":"{{_citizen}}","data":{"description":"unterminated""", Encoding.UTF8, "application/json"));

        var errors = await Problems.ValidationErrorsAsync(response);
        Assert.Contains("not valid JSON", Assert.Single(errors).Value.Single());
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF_8_inside_an_answer_are_a_400_problem_and_nothing_is_stored()
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"citizenId":"{{{_citizen}}}","data":{"location":{"latitude":"?","longitude":10.7},"description":"Dark lamp"}}""");
        body[Array.IndexOf(body, (byte)'?')] = 0x80;
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await _http.PostAsync(StreetLight, content);

        var errors = await Problems.ValidationErrorsAsync(response);
        Assert.Contains("not valid UTF-8", Assert.Single(errors).Value.Single());
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_submission_over_the_size_limit_is_refused_with_413_and_nothing_is_stored()
    {
        using var response = await _http.PostAsJsonAsync(StreetLight, new
        {
            citizenId = _citizen,
            data = new { location = new { latitude = 59.9, longitude = 10.7 }, description = new string('x', 1500) },
        });

        await AssertTooLargeAsync(response);
    }

    [Fact]
    public async Task A_body_that_does_not_announce_its_length_is_still_cut_off_at_the_size_limit()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            citizenId = _citizen,
            data = new { location = new { latitude = 59.9, longitude = 10.7 }, description = new string('x', 1500) },
        });

        using var response = await _http.PostAsync(StreetLight, new UnsizedContent(json));

        await AssertTooLargeAsync(response);
    }

    [Fact]
    public async Task Submitting_to_a_form_the_municipality_does_not_publish_is_a_404_problem()
    {
        using var response = await _http.PostAsJsonAsync("/tenants/fjordby/forms/dog-licence/submissions", new { citizenId = _citizen, data = new { } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>();
        Assert.Contains("dog-licence", problem!.Detail);
        await AssertNothingStoredAsync();
    }

    private async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>();
        Assert.Contains("1024 bytes", problem!.Detail);
        await AssertNothingStoredAsync();
    }

    private async Task AssertNothingStoredAsync()
    {
        Assert.Empty(await _forms.StoredAsync());
        Assert.Empty(await _forms.QueuedAsync<FormSubmitted>());
    }

    /// <summary>A chunked body: the service cannot trust a Content-Length header and must count what it reads.</summary>
    private sealed class UnsizedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnsizedContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
