using System.Net;
using System.Net.Http.Json;
using static Platform.Notifications.Templates.TemplateEndpoints;

namespace Platform.Notifications.Tests;

/// <summary>A municipality's tenant admin words its notifications; a template that cannot render is refused when saved.</summary>
public sealed class TemplateTests : IAsyncLifetime
{
    private readonly NotificationsUnderTest _notifications = new();
    private readonly HttpClient _fjordby;
    private readonly HttpClient _skogsberg;

    public TemplateTests()
    {
        _fjordby = _notifications.CivilServant("fjordby", "tenant-admin");
        _skogsberg = _notifications.CivilServant("skogsberg", "tenant-admin");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _notifications.DisposeAsync();

    [Fact]
    public async Task Every_kind_ships_with_a_default_in_english_norwegian_and_swedish_that_renders()
    {
        var templates = (await _fjordby.GetFromJsonAsync<List<TemplateView>>("/tenants/fjordby/templates"))!;

        Assert.Equal(15, templates.Count);
        Assert.All(templates, t => Assert.True(t.IsDefault));
        foreach (var template in templates)
        {
            var preview = await _fjordby.PostAsync($"/tenants/fjordby/templates/{template.Kind}/{template.Language}/preview", null);
            Assert.True(preview.IsSuccessStatusCode, $"{template.Kind}/{template.Language}: {await preview.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task A_saved_template_replaces_the_default_and_deleting_it_brings_the_default_back()
    {
        var saved = await _fjordby.PutAsJsonAsync("/tenants/fjordby/templates/case-opened/nb",
            new { subject = "Takk! {{ form_title }}", body = "Sak {{ case_number }}.", sms = "Sak {{ case_number }}." });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var view = (await _fjordby.GetFromJsonAsync<TemplateView>("/tenants/fjordby/templates/case-opened/nb"))!;
        Assert.Equal(("Takk! {{ form_title }}", false, "servant-of-fjordby"), (view.Subject, view.IsDefault, view.UpdatedBy));

        Assert.Equal(HttpStatusCode.NoContent, (await _fjordby.DeleteAsync("/tenants/fjordby/templates/case-opened/nb")).StatusCode);
        Assert.True((await _fjordby.GetFromJsonAsync<TemplateView>("/tenants/fjordby/templates/case-opened/nb"))!.IsDefault);
    }

    [Fact]
    public async Task A_preview_renders_a_draft_with_sample_data()
    {
        var response = await _fjordby.PostAsJsonAsync("/tenants/fjordby/templates/case-status-changed/en/preview", new
        {
            subject = "{{ case_number }}: {{ previous_status }} → {{ status }}",
            body = "{% if reason %}Why: {{ reason }}{% endif %}",
            sms = "{{ municipality }} {{ case_number }}",
        });

        var preview = (await response.Content.ReadFromJsonAsync<PreviewView>())!;
        Assert.Equal(("FJO-2026-000042: UnderReview → Decided", "Why: The lamp was repaired on 3 December.", "fjordby FJO-2026-000042"),
            (preview.Subject, preview.Body, preview.Sms));
        Assert.True((await _fjordby.GetFromJsonAsync<TemplateView>("/tenants/fjordby/templates/case-status-changed/en"))!.IsDefault, "a preview stores nothing");
    }

    public static TheoryData<string, object, string, string> Unusable => new()
    {
        { "unclosed tag", new { subject = "Hi", body = "{% if status %}open", sms = "x" }, "/body", "Not a valid Liquid template" },
        { "unknown placeholder", new { subject = "Case {{ case_nubmer }}", body = "b", sms = "x" }, "/subject", "case_nubmer" },
        { "placeholder of another kind", new { subject = "s", body = "{{ question }}", sms = "x" }, "/body", "question" },
        { "unknown filter", new { subject = "s", body = "b", sms = "{{ case_number | shout }}" }, "/sms", "shout" },
        { "too long for an sms", new { subject = "s", body = "b", sms = new string('x', 481) }, "/sms", "480 characters" },
        { "empty subject", new { subject = " ", body = "b", sms = "x" }, "/subject", "Required" },
        { "endless loop", new { subject = "s", body = "{% for i in (1..100000000) %}.{% endfor %}", sms = "x" }, "/body", "1000 items" },
        { "loop that writes past the body's limit", new { subject = "s", body = Huge.Loop, sms = "x" }, "/body", "20000 characters" },
        { "filter that doubles a string", new { subject = Huge.Doubling, body = "b", sms = "x" }, "/subject", "200 characters" },
        { "capture that multiplies", new { subject = "s", body = "b", sms = Huge.Capture }, "/sms", "480 characters" },
    };

    /// <summary>Templates whose output would reach gigabytes if rendered in full.</summary>
    private static class Huge
    {
        public const string Loop = "{% for i in (1..1000) %}{% for j in (1..9) %}{{ form_title }}{{ form_title }}{% endfor %}{% endfor %}";
        public const string Doubling = "{% assign s = case_number %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}";
        public const string Capture = "{% capture s %}{% for i in (1..30) %}{{ case_number }}{% endfor %}{% endcapture %}{{ s | replace: '-', s }}";
    }

    [Fact]
    public async Task A_preview_of_a_template_whose_output_would_be_huge_is_refused_naming_each_field()
    {
        var errors = await Problems.ValidationErrorsAsync(await _fjordby.PostAsJsonAsync("/tenants/fjordby/templates/case-opened/en/preview",
            new { subject = Huge.Doubling, body = Huge.Loop, sms = Huge.Capture }));

        Assert.Equal(["/body", "/sms", "/subject"], errors.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Unusable))]
    public async Task A_template_that_cannot_render_is_refused_naming_the_field_and_nothing_is_stored(string why, object template, string field, string mentions)
    {
        var errors = await Problems.ValidationErrorsAsync(await _fjordby.PutAsJsonAsync("/tenants/fjordby/templates/case-opened/en", template));

        Assert.True(errors.ContainsKey(field), $"{why}: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}"))}");
        Assert.Contains(mentions, string.Join(' ', errors[field]));
        Assert.True((await _fjordby.GetFromJsonAsync<TemplateView>("/tenants/fjordby/templates/case-opened/en"))!.IsDefault);
    }

    [Fact]
    public async Task An_unknown_kind_or_language_is_a_404_naming_what_is_known()
    {
        await Problems.ExpectAsync(await _fjordby.PutAsJsonAsync("/tenants/fjordby/templates/case-lost/en", new { subject = "s", body = "b", sms = "x" }),
            HttpStatusCode.NotFound, "case-opened");
        await Problems.ExpectAsync(await _fjordby.GetAsync("/tenants/fjordby/templates/case-opened/xx"), HttpStatusCode.NotFound, "Supported: en, nb");
    }

    [Fact]
    public async Task Only_the_municipalitys_tenant_admin_manages_its_templates()
    {
        await Problems.ExpectAsync(await _notifications.CivilServant("fjordby", "caseworker").GetAsync("/tenants/fjordby/templates"),
            HttpStatusCode.Forbidden, "party, role or scope");
        await Problems.ExpectAsync(await _skogsberg.PutAsJsonAsync("/tenants/fjordby/templates/case-opened/nb", new { subject = "s", body = "b", sms = "x" }),
            HttpStatusCode.NotFound, "no such resource");
        Assert.True((await _fjordby.GetFromJsonAsync<TemplateView>("/tenants/fjordby/templates/case-opened/nb"))!.IsDefault);
    }

    [Fact]
    public async Task Another_municipalitys_template_is_never_used()
    {
        var skogsbergs = await _skogsberg.PutAsJsonAsync("/tenants/skogsberg/templates/case-opened/nb",
            new { subject = "SKOGSBERG WORDING {{ case_number }}", body = "SKOGSBERG WORDING", sms = "SKOGSBERG WORDING" });
        Assert.Equal(HttpStatusCode.OK, skogsbergs.StatusCode);
        var citizen = CaseEventsFor.NewCitizen();
        await _notifications.SetPreferencesAsync(citizen, new { channels = new[] { "email" }, email = $"{citizen}@example.org", language = "nb" });
        var opened = CaseEventsFor.Opened(citizen, "fjordby");

        await _notifications.DeliverAsync(opened);

        var mail = Assert.Single(await _notifications.MailToAsync($"{citizen}@example.org", expected: 1));
        Assert.Equal("Vi har mottatt saken din: Report a broken street light", mail.Subject);
        Assert.DoesNotContain("SKOGSBERG", mail.TextBody);
        Assert.DoesNotContain("SKOGSBERG", Assert.Single(await _notifications.InboxAsync(citizen, expected: 1)).Subject);
    }
}
