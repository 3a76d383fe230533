using Platform.Contracts.Identity;

namespace Platform.Forms.Submissions;

public enum ConsentAnswer
{
    Granted,
    Refused,

    /// <summary>The identity service could not be asked or gave no usable answer; nothing may be submitted on a guess.</summary>
    Unavailable,
}

/// <summary>
/// Asks the identity service's consent register, at the moment of each partner submission, whether the partner
/// may act for the citizen on this form. Nothing is cached, so a revoked consent stops the very next submission.
/// </summary>
public sealed partial class PartnerConsents(IConsentsApi consents, ILogger<PartnerConsents> logger)
{
    public async Task<ConsentAnswer> CheckAsync(string tenantId, string partnerId, string citizenId, string formKey, CancellationToken ct)
    {
        // Refit puts a failure to send (refused connection, timeout, open circuit, no service token) in the response, without a status.
        var response = await consents.CheckAsync(tenantId, partnerId, citizenId, formKey, ct);
        if (response.IsSuccessful && response.Content is { } check)
        {
            return check.Granted ? ConsentAnswer.Granted : ConsentAnswer.Refused;
        }

        LogCheckFailed(partnerId, tenantId, response.StatusCode is { } status ? $"HTTP {(int)status}" : "no answer", response.Error);
        return ConsentAnswer.Unavailable;
    }

    [LoggerMessage(LogLevel.Warning, "Could not check the consent of partner {PartnerId} in {TenantId}: {Failure}")]
    private partial void LogCheckFailed(string partnerId, string tenantId, string failure, Exception? ex);
}
