using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.PartnerAdapter;

namespace Platform.Partners.Sdk.Tests;

/// <summary>The sample adapter as the platform reaches it: it answers only what its secret signed.</summary>
public sealed class PartnerAdapterTests : IDisposable
{
    private static readonly string Secret = WebhookSignature.NewSecret();

    private readonly WebApplicationFactory<ReceivedEvents> _adapter = new WebApplicationFactory<ReceivedEvents>()
        .WithWebHostBuilder(host => host.UseSetting("Webhooks:Secrets:0", Secret));

    public void Dispose() => _adapter.Dispose();

    [Fact]
    public async Task It_echoes_a_signed_verification_challenge()
    {
        using var response = await PostAsync(Guid.NewGuid().ToString(), CloudEvent(WebhookEventTypes.Verification, """{"challenge":"c0ffee"}"""), Secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("c0ffee", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("challenge").GetString());
    }

    [Fact]
    public async Task It_takes_a_signed_event_once_however_often_it_is_retried()
    {
        var id = Guid.NewGuid().ToString();
        var body = CloudEvent(WebhookEventTypes.CaseOpened, """{"caseNumber":"FJO-2026-000001"}""");

        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(id, body, Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(id, body, Secret)).StatusCode);

        var events = await _adapter.CreateClient().GetFromJsonAsync<List<JsonElement>>("/events");
        var received = Assert.Single(events!);
        Assert.Equal(("case.opened", "FJO-2026-000001"), (received.GetProperty("type").GetString(), received.GetProperty("data").GetProperty("caseNumber").GetString()));
    }

    [Fact]
    public async Task It_refuses_what_another_secret_signed_and_records_nothing()
    {
        using var response = await PostAsync(Guid.NewGuid().ToString(), CloudEvent(WebhookEventTypes.CaseOpened, "{}"), WebhookSignature.NewSecret());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty((await _adapter.CreateClient().GetFromJsonAsync<List<JsonElement>>("/events"))!);
    }

    private Task<HttpResponseMessage> PostAsync(string id, string body, string secret)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks") { Content = new StringContent(body, Encoding.UTF8, "application/cloudevents+json") };
        request.Headers.Add(WebhookSignature.IdHeader, id);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString());
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, id, timestamp, body));
        return _adapter.CreateClient().SendAsync(request);
    }

    private static string CloudEvent(string type, string data) =>
        $$"""{"specversion":"1.0","id":"{{Guid.NewGuid()}}","source":"/tenants/fjordby/cases","type":"{{type}}","subject":"x","datacontenttype":"application/json","data":{{data}}}""";
}
