using System.Net;
using System.Net.Http.Json;
using System.Text;
using Platform.Contracts.Forms;
using static Platform.Forms.Submissions.SubmitForm;

namespace Platform.Forms.Tests;

/// <summary>A client that retries with its Idempotency-Key gets the first answer, never a second submission.</summary>
public sealed class IdempotencyTests : IAsyncLifetime
{
    private const string StreetLight = "/tenants/fjordby/forms/street-light/submissions";
    private const string Body = """{"data":{"location":{"latitude":59.91,"longitude":10.75},"description":"The lamp is out."}}""";

    private readonly FormsHost _forms = new();
    private readonly string _citizen = $"citizen-{Guid.NewGuid():N}";
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _http = _forms.As(_forms.Tokens.Citizen(_citizen));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _forms.DisposeAsync();

    [Fact]
    public async Task The_same_key_and_body_again_answers_with_the_original_submission_and_stores_and_announces_nothing_more()
    {
        var (first, firstLocation) = await PostAsync("key-1", Body);
        var (second, secondLocation) = await PostAsync("key-1", Body);

        Assert.Equal(first, second);
        Assert.Equal(firstLocation, secondLocation);
        Assert.Single(await _forms.StoredAsync());
        Assert.Single(await _forms.QueuedAsync<FormSubmitted>());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_409_and_nothing_more_is_stored()
    {
        await PostAsync("key-2", Body);

        await Problems.ExpectAsync(await SendAsync("key-2", Body.Replace("The lamp is out.", "The lamp blinks.")), HttpStatusCode.Conflict, "key-2");

        Assert.Single(await _forms.StoredAsync());
        Assert.Single(await _forms.QueuedAsync<FormSubmitted>());
    }

    [Fact]
    public async Task Keys_are_each_callers_own()
    {
        await PostAsync("shared-key", Body);
        var neighbour = _forms.As(_forms.Tokens.Citizen("neighbour"));

        using var theirs = await neighbour.SendAsync(Request("shared-key", Body));

        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.Equal(2, (await _forms.StoredAsync()).Count);
    }

    [Fact]
    public async Task A_submission_that_is_not_json_is_a_415_problem_and_nothing_is_stored_or_queued()
    {
        using var formEncoded = await _http.PostAsync(StreetLight, new StringContent("description=The lamp is out", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, formEncoded.StatusCode);
        Assert.Equal("application/problem+json", formEncoded.Content.Headers.ContentType?.MediaType);

        // A body that names no type at all gets past routing; the endpoint still insists on JSON.
        await Problems.ExpectAsync(await _http.PostAsync(StreetLight, new ByteArrayContent(Encoding.UTF8.GetBytes(Body))),
            HttpStatusCode.UnsupportedMediaType, "application/json");
        Assert.Empty(await _forms.StoredAsync());
        Assert.Empty(await _forms.QueuedAsync<FormSubmitted>());
    }

    private async Task<(SubmissionReceipt Receipt, Uri? Location)> PostAsync(string key, string body)
    {
        using var response = await SendAsync(key, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await response.Content.ReadFromJsonAsync<SubmissionReceipt>())!, response.Headers.Location);
    }

    private Task<HttpResponseMessage> SendAsync(string key, string body) => _http.SendAsync(Request(key, body));

    private static HttpRequestMessage Request(string key, string body) => new(HttpMethod.Post, StreetLight)
    {
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
        Headers = { { "Idempotency-Key", key } },
    };
}
