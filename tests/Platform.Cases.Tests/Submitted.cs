using System.Text.Json;
using Platform.Contracts.Forms;

namespace Platform.Cases.Tests;

/// <summary>FormSubmitted as the forms service announces it.</summary>
public static class Submitted
{
    public static FormSubmitted StreetLight(string tenant, string? citizenId = null, string? via = null, int? expectedProcessingDays = 5) => new(
        SubmissionId: Guid.NewGuid(),
        TenantId: tenant,
        FormKey: "street-light",
        FormVersion: 1,
        FormTitle: "Report a broken street light",
        CitizenId: citizenId ?? $"citizen-{Guid.NewGuid():N}",
        Data: JsonSerializer.SerializeToElement(new { location = new { latitude = 59.91, longitude = 10.75 }, description = "The lamp is out." }),
        SubmittedAt: DateTimeOffset.UtcNow,
        SubmittedVia: via,
        ExpectedProcessingDays: expectedProcessingDays);
}
