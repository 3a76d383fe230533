using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Forms;
using Platform.Forms.Authoring;
using Platform.Forms.Definitions;
using Platform.ServiceDefaults.Security;

namespace Platform.Forms.Tests;

/// <summary>
/// A designer's schema is as untrusted as a citizen's answers: it cannot make the forms service reach out (a listener on
/// loopback counts every connection), nor let a pattern freeze it, and it means what JSON Schema 2020-12 says it means.
/// </summary>
public sealed class ContainedSchemaTests : IAsyncLifetime
{
    private readonly FormsHost _forms = new();
    private CountingListener _listener = null!;
    private HttpClient _designer = null!;
    private HttpClient _citizen = null!;

    public async Task InitializeAsync()
    {
        _listener = await CountingListener.StartAsync();
        _designer = _forms.As(_forms.Tokens.CivilServant("fjordby", Roles.FormDesigner));
        _citizen = _forms.As(_forms.Tokens.Citizen($"citizen-{Guid.NewGuid():N}"));
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _forms.DisposeAsync();
    }

    [Fact]
    public async Task A_draft_whose_ref_points_outside_the_schema_is_a_400_naming_that_ref_and_nothing_is_fetched_or_stored()
    {
        var created = await Problems.ValidationErrorsAsync(await _designer.PostAsJsonAsync("/tenants/fjordby/forms", Form("reaching-out", ExternalAddress())));
        await Forms.CreateDraftAsync(_designer, "fjordby", Form("reaching-out", Schema(new { type = "string" })));
        var edited = await Problems.ValidationErrorsAsync(await _designer.PutAsJsonAsync("/tenants/fjordby/forms/reaching-out/draft",
            Form("reaching-out", Schema(new Dictionary<string, object> { ["$id"] = $"{_listener.Url}/forms/", ["$ref"] = "address.json" }))));

        Assert.Equal(["/schema/properties/address/$ref"], created.Keys);
        Assert.Contains($"{_listener.Url}/address.json", Assert.Single(created["/schema/properties/address/$ref"]));
        Assert.Equal(["/schema/properties/address/$ref"], edited.Keys);
        Assert.Equal(0, _listener.Connections);
        var draft = await _forms.InDbAsync(db => db.Drafts.SingleAsync(d => d.Key == "reaching-out"));
        Assert.DoesNotContain("$ref", draft.Schema);
    }

    [Fact]
    public async Task Publishing_a_draft_whose_ref_points_outside_the_schema_is_a_400_naming_that_ref_and_nothing_is_fetched_or_published()
    {
        // A draft no save checked: written before the rule, as one adopted from the catalogue would be.
        await _forms.InDbAsync(async db =>
        {
            db.Drafts.Add(new FormDraft
            {
                TenantId = "fjordby", Key = "reaching-out", Titles = """{"en":"Reaching out"}""", Descriptions = "{}", UiHints = "{}", UpdatedBy = "dag",
                Schema = System.Text.Json.JsonSerializer.Serialize(ExternalAddress()),
            });
            return await db.SaveChangesAsync();
        });

        var errors = await Problems.ValidationErrorsAsync(await _designer.PostAsync("/tenants/fjordby/forms/reaching-out/publish", null));

        Assert.Equal(["/schema/properties/address/$ref"], errors.Keys);
        Assert.Equal(0, _listener.Connections);
        Assert.Empty(await _forms.QueuedAsync<FormPublished>());
        Assert.False(await _forms.InDbAsync(db => db.Definitions.AnyAsync(d => d.Key == "reaching-out")));
    }

    [Fact]
    public async Task A_submission_to_a_published_version_whose_ref_points_outside_is_a_400_naming_that_ref_and_nothing_is_fetched_or_stored()
    {
        await _forms.InDbAsync(async db =>
        {
            db.Definitions.Add(new FormDefinition
            {
                TenantId = "fjordby", Key = "reaching-out", Version = 1, Title = "Reaching out", Description = "", Titles = """{"en":"Reaching out"}""",
                Descriptions = "{}", Schema = System.Text.Json.JsonSerializer.Serialize(ExternalAddress()), PublishedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

        var errors = await Problems.ValidationErrorsAsync(await _citizen.PostAsJsonAsync("/tenants/fjordby/forms/reaching-out/submissions",
            new { data = new { address = "Storgata 1" } }));

        Assert.Contains("/properties/address/$ref", Assert.Single(errors["/data"]));
        Assert.Equal(0, _listener.Connections);
        Assert.Empty(await _forms.StoredAsync());
    }

    [Fact]
    public async Task A_catastrophic_pattern_answers_a_40_character_answer_at_once_with_a_400_naming_the_field()
    {
        await PublishAsync("catastrophic", Schema(new { type = "string", pattern = "^(a+)+$" }, patternProperties: new Dictionary<string, object>
        {
            ["^(a+)+$"] = new { type = "string" },
        }));
        var answer = new string('a', 39) + "!";
        // Measured with a generous deadline: a backtracking engine needs hours for this answer, doubling with each 'a'.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using var response = await _citizen.PostAsJsonAsync("/tenants/fjordby/forms/catastrophic/submissions",
            new { data = new Dictionary<string, string> { ["address"] = answer, [answer] = "a field whose name the pattern of patternProperties tries" } }, deadline.Token);

        var errors = await Problems.ValidationErrorsAsync(response);
        Assert.Equal(["/data/address"], errors.Keys);
        Assert.Equal(["Does not have the expected format."], errors["/data/address"]);
        Assert.Empty(await _forms.StoredAsync());
    }

    [Fact]
    public async Task A_pattern_that_needs_backtracking_is_refused_when_the_draft_is_saved_naming_that_pattern()
    {
        var errors = await Problems.ValidationErrorsAsync(await _designer.PostAsJsonAsync("/tenants/fjordby/forms",
            Form("doubled", Schema(new { type = "string", pattern = @"^(\w+) \1$" }))));

        Assert.Equal(["/schema/properties/address/pattern"], errors.Keys);
        Assert.Contains("backreference", Assert.Single(errors["/schema/properties/address/pattern"]), StringComparison.OrdinalIgnoreCase);
        Assert.False(await _forms.InDbAsync(db => db.Drafts.AnyAsync(d => d.Key == "doubled")));
    }

    // What decided the validator: NJsonSchema 11 let each of the next three answers through or named the wrong field.

    [Fact]
    public async Task A_form_that_allows_no_unevaluated_properties_refuses_an_answer_it_does_not_ask_for_by_name()
    {
        await PublishAsync("strict", new Dictionary<string, object>
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["type"] = "object",
            ["allOf"] = new[] { new { properties = new { name = new { type = "string" } } } },
            ["unevaluatedProperties"] = false,
        });

        var errors = await Problems.ValidationErrorsAsync(await _citizen.PostAsJsonAsync("/tenants/fjordby/forms/strict/submissions",
            new { data = new { name = "Kari", nickname = "K" } }));

        Assert.Equal(["/data/nickname"], errors.Keys);
        Assert.Equal(["This field is not expected here."], errors["/data/nickname"]);
    }

    [Fact]
    public async Task A_dependent_answer_is_required_once_the_answer_it_depends_on_is_given()
    {
        await PublishAsync("payment", new Dictionary<string, object>
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["type"] = "object",
            ["properties"] = new { cardNumber = new { type = "string" }, expiry = new { type = "string" } },
            ["dependentRequired"] = new { cardNumber = new[] { "expiry" } },
        });

        var errors = await Problems.ValidationErrorsAsync(await _citizen.PostAsJsonAsync("/tenants/fjordby/forms/payment/submissions",
            new { data = new { cardNumber = "4111" } }));
        using var withoutCard = await _citizen.PostAsJsonAsync("/tenants/fjordby/forms/payment/submissions", new { data = new { } });

        Assert.Equal(["/data/expiry"], errors.Keys);
        Assert.Equal(["This field is required when cardNumber is given."], errors["/data/expiry"]);
        Assert.Equal(HttpStatusCode.Created, withoutCard.StatusCode);
    }

    [Fact]
    public async Task A_field_whose_name_has_a_dot_or_a_slash_is_named_by_its_own_pointer()
    {
        await PublishAsync("dotted", new Dictionary<string, object>
        {
            ["type"] = "object",
            ["properties"] = new Dictionary<string, object>
            {
                ["meter.id"] = new { type = "string" },
                ["meter"] = new { type = "object", properties = new { id = new { type = "string" } } },
                ["kWh/day"] = new { type = "number" },
            },
        });

        var errors = await Problems.ValidationErrorsAsync(await _citizen.PostAsJsonAsync("/tenants/fjordby/forms/dotted/submissions",
            new Dictionary<string, object> { ["data"] = new Dictionary<string, object> { ["meter.id"] = 1, ["meter"] = new { id = 2 }, ["kWh/day"] = "a lot" } }));

        Assert.Equal(["/data/kWh~1day", "/data/meter.id", "/data/meter/id"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Must be text."], errors["/data/meter.id"]);
        Assert.Equal(["Must be a number."], errors["/data/kWh~1day"]);
    }

    private static Dictionary<string, object> Schema(object address, Dictionary<string, object>? patternProperties = null)
    {
        var schema = new Dictionary<string, object>
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["type"] = "object",
            ["properties"] = new { address },
        };
        if (patternProperties is not null)
        {
            schema["patternProperties"] = patternProperties;
        }

        return schema;
    }

    private Dictionary<string, object> ExternalAddress() => Schema(new Dictionary<string, object> { ["$ref"] = $"{_listener.Url}/address.json" });

    private static object Form(string key, object schema) => new { key, titles = new { en = "A form" }, schema };

    private async Task PublishAsync(string key, object schema)
    {
        await Forms.CreateDraftAsync(_designer, "fjordby", Form(key, schema));
        await Forms.PublishAsync(_designer, "fjordby", key);
    }
}
