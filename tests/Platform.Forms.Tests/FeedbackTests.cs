using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Forms;
using Platform.ServiceDefaults.Security;
using static Platform.Forms.Feedback.FeedbackEndpoints;
using static Platform.Forms.Submissions.SubmitForm;

namespace Platform.Forms.Tests;

/// <summary>Citizens rate the service once per submission; the municipality reads the ratings per form and per version.</summary>
public sealed class FeedbackTests : IAsyncLifetime
{
    private const string StreetLight = "/tenants/fjordby/forms/street-light/submissions";

    private static readonly object Answers = new { location = new { latitude = 59.91, longitude = 10.75 }, description = "The lamp is out." };

    private readonly FormsHost _forms = new();
    private HttpClient _citizen = null!;

    public Task InitializeAsync()
    {
        _citizen = _forms.As(_forms.Tokens.Citizen($"citizen-{Guid.NewGuid():N}"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _forms.DisposeAsync();

    [Fact]
    public async Task A_citizen_rates_their_submission_once_and_the_municipality_reads_the_ratings_per_version()
    {
        var first = await SubmitAsync(_citizen);
        using (var rated = await _citizen.PostAsJsonAsync(Feedback(first), new { rating = 2, comment = "Took ages to find the pole number." }))
        {
            Assert.Equal(HttpStatusCode.Created, rated.StatusCode);
        }

        await Problems.ExpectAsync(await _citizen.PostAsJsonAsync(Feedback(first), new { rating = 5 }), HttpStatusCode.Conflict, "rated");
        Assert.Single(await _forms.QueuedAsync<FeedbackReceived>());

        // Version 2 drops nothing but is rated better.
        var designer = _forms.As(_forms.Tokens.CivilServant("fjordby", Roles.FormDesigner));
        var v1 = await designer.GetFromJsonAsync<System.Text.Json.JsonElement>("/tenants/fjordby/forms/street-light");
        await Forms.EditDraftAsync(designer, "fjordby", "street-light", new
        {
            titles = new { en = "Report a broken street light" },
            schema = v1.GetProperty("schema"),
            isLocationBased = true,
            expectedProcessingDays = 3,
        });
        await Forms.PublishAsync(designer, "fjordby", "street-light");
        foreach (var rating in new[] { 5, 4 })
        {
            var later = await SubmitAsync(_citizen);
            using var rated = await _citizen.PostAsJsonAsync(Feedback(later), new { rating, comment = rating == 5 ? "Quick!" : null });
            Assert.Equal(HttpStatusCode.Created, rated.StatusCode);
        }

        var caseworker = _forms.As(_forms.Tokens.CivilServant("fjordby", Roles.Caseworker));
        var feedback = (await caseworker.GetFromJsonAsync<FormFeedback>("/tenants/fjordby/forms/street-light/feedback"))!;

        Assert.Equal((3, 3.67), (feedback.Overall.Count, feedback.Overall.Mean));
        Assert.Equal([0, 1, 0, 1, 1], Enumerable.Range(1, 5).Select(r => feedback.Overall.Distribution[r.ToString()]));
        Assert.Equal(["Quick!", "Took ages to find the pole number."], feedback.Overall.RecentComments.Select(c => c.Text));
        Assert.Equal([(1, 1, 2.0), (2, 2, 4.5)], feedback.Versions.Select(v => (v.Version, v.Ratings.Count, v.Ratings.Mean!.Value)));
        Assert.Equal(3, (await designer.GetFromJsonAsync<FormFeedback>("/tenants/fjordby/forms/street-light/feedback"))!.Overall.Count);
    }

    [Fact]
    public async Task Someone_elses_submission_is_a_404_a_rating_out_of_range_is_named_and_nothing_is_stored()
    {
        var submission = await SubmitAsync(_citizen);
        var neighbour = _forms.As(_forms.Tokens.Citizen("neighbour"));

        await AccessAssert.NotFoundWithoutDataAsync(await neighbour.PostAsJsonAsync(Feedback(submission), new { rating = 1 }));
        await AccessAssert.NotFoundWithoutDataAsync(await _citizen.PostAsJsonAsync($"/tenants/fjordby/submissions/{Guid.NewGuid()}/feedback", new { rating = 1 }));
        Assert.Equal(["/rating"], (await Problems.ValidationErrorsAsync(await _citizen.PostAsJsonAsync(Feedback(submission), new { rating = 6 }))).Keys);
        Assert.Equal(["/comment", "/rating"], (await Problems.ValidationErrorsAsync(
            await _citizen.PostAsJsonAsync(Feedback(submission), new { comment = new string('x', 2001) }))).Keys.Order());

        Assert.Empty(await _forms.InDbAsync(db => db.Feedback.ToListAsync()));
        Assert.Empty(await _forms.QueuedAsync<FeedbackReceived>());
    }

    [Fact]
    public async Task Ratings_are_read_by_the_municipalitys_own_caseworkers_and_designers_only()
    {
        await AccessAssert.NotFoundWithoutDataAsync(
            await _forms.As(_forms.Tokens.CivilServant("skogsberg", Roles.Caseworker)).GetAsync("/tenants/fjordby/forms/street-light/feedback"));
        Assert.Equal(HttpStatusCode.Forbidden, (await _citizen.GetAsync("/tenants/fjordby/forms/street-light/feedback")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await _forms.As(_forms.Tokens.CivilServant("fjordby", Roles.TenantAdmin)).GetAsync("/tenants/fjordby/forms/street-light/feedback")).StatusCode);
    }

    private static string Feedback(SubmissionReceipt receipt) => $"/tenants/fjordby/submissions/{receipt.SubmissionId}/feedback";

    private static async Task<SubmissionReceipt> SubmitAsync(HttpClient citizen)
    {
        using var response = await citizen.PostAsJsonAsync(StreetLight, new { data = Answers });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SubmissionReceipt>())!;
    }
}
