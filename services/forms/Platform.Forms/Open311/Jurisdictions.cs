using Platform.Contracts.Identity;

namespace Platform.Forms.Open311;

/// <summary>What the identity service said about a jurisdiction_id.</summary>
public abstract record Jurisdiction
{
    private Jurisdiction()
    {
    }

    public sealed record Municipality(string Id, string Name) : Jurisdiction;

    public sealed record Unknown : Jurisdiction;

    /// <summary>The identity service could not be asked; no answer is given on a guess.</summary>
    public sealed record Unavailable : Jurisdiction;
}

/// <summary>A jurisdiction_id is a municipality of the network, as the identity service's organisation register knows it.</summary>
public sealed partial class Jurisdictions(IOrganisationsApi organisations, ILogger<Jurisdictions> logger)
{
    public async Task<Jurisdiction> FindAsync(string jurisdictionId, CancellationToken ct)
    {
        var response = await organisations.GetAsync(jurisdictionId, ct);
        if (response.IsSuccessful && response.Content is { } organisation)
        {
            return organisation.Kind == OrganisationKind.Municipality
                ? new Jurisdiction.Municipality(organisation.Id, organisation.Name)
                : new Jurisdiction.Unknown();
        }

        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return new Jurisdiction.Unknown();
        }

        LogLookupFailed(jurisdictionId, response.StatusCode is { } status ? $"HTTP {(int)status}" : "no answer", response.Error);
        return new Jurisdiction.Unavailable();
    }

    [LoggerMessage(LogLevel.Warning, "Could not look up Open311 jurisdiction {JurisdictionId}: {Failure}")]
    private partial void LogLookupFailed(string jurisdictionId, string failure, Exception? ex);
}
