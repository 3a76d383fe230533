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
        try
        {
            var response = await consents.CheckAsync(tenantId, partnerId, citizenId, formKey, ct);
            if (response.IsSuccessful && response.Content is { } check)
            {
                return check.Granted ? ConsentAnswer.Granted : ConsentAnswer.Refused;
            }

            // No status at all means the request never got an answer (refused connection, timeout, open circuit).
            LogCheckFailed(partnerId, tenantId, response.StatusCode is { } status ? $"HTTP {(int)status}" : "no answer", response.Error);
            return ConsentAnswer.Unavailable;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // E.g. no service token for the call: the register cannot be asked now.
            LogCheckFailed(partnerId, tenantId, ex.GetType().Name, ex);
            return ConsentAnswer.Unavailable;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not check the consent of partner {PartnerId} in {TenantId}: {Failure}")]
    private partial void LogCheckFailed(string partnerId, string tenantId, string failure, Exception? ex);
}
