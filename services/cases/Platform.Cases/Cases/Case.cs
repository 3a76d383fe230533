using Platform.ServiceDefaults.Security;

namespace Platform.Cases.Cases;

public enum CaseStatus
{
    Received,
}

/// <summary>A municipality's handling of one submission, from receipt to decision.</summary>
public sealed class Case : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The reference a citizen quotes on the phone, e.g. FJO-2026-4F3A9C.</summary>
    public required string CaseNumber { get; init; }

    public required string TenantId { get; init; }
    public required Guid SubmissionId { get; init; }
    public required string FormKey { get; init; }
    public required int FormVersion { get; init; }
    public required string FormTitle { get; init; }
    public required string CitizenId { get; init; }

    /// <summary>The partner that submitted for the citizen, which may then follow the case; null when the citizen submitted themself.</summary>
    public string? SubmittedVia { get; init; }

    public CaseStatus Status { get; set; } = CaseStatus.Received;
    public DateTimeOffset OpenedAt { get; init; }

    public static string NumberFor(string tenantId, Guid id, DateTimeOffset openedAt) =>
        $"{tenantId[..Math.Min(3, tenantId.Length)].ToUpperInvariant()}-{openedAt:yyyy}-{id.ToString("N")[..6].ToUpperInvariant()}";
}
