using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using MimeKit;
using Platform.Notifications.Deliveries;
using Platform.ServiceDefaults.Security;

namespace Platform.Notifications.Preferences;

/// <summary>The signed-in citizen reads and sets how they are told: channels, addresses and language.</summary>
public static partial class PreferencesEndpoints
{
    /// <param name="Channels">Of inbox, email and sms; the inbox is always among them.</param>
    /// <param name="Language">ISO 639-1; null for each municipality's own language.</param>
    public sealed record PreferencesBody(IReadOnlyList<string>? Channels, string? Email, string? Phone, string? Language);

    public static IEndpointRouteBuilder MapPreferences(this IEndpointRouteBuilder routes)
    {
        var preferences = routes.MapGroup("/citizens/me/preferences").WithTags("Preferences").RequireAuthorization(Policies.Citizen);
        preferences.MapGet("/", async (ClaimsPrincipal caller, NotificationsDb db, CancellationToken ct) =>
            ViewOf(await db.Preferences.FindAsync([caller.CitizenId()!], ct)));
        preferences.MapPut("/", Save);
        return routes;
    }

    private static async Task<Results<Ok<PreferencesBody>, ValidationProblem>> Save(
        PreferencesBody request, ClaimsPrincipal caller, NotificationsDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The preferences are not valid.");
        }

        var citizenId = caller.CitizenId()!;
        var preferences = await db.Preferences.FindAsync([citizenId], ct);
        if (preferences is null)
        {
            preferences = new CitizenPreferences { CitizenId = citizenId };
            db.Preferences.Add(preferences);
        }

        var channels = request.Channels ?? [];
        preferences.ByEmail = channels.Contains(Channels.Email);
        preferences.BySms = channels.Contains(Channels.Sms);
        preferences.Email = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim();
        preferences.Phone = string.IsNullOrWhiteSpace(request.Phone) ? null : request.Phone.Trim();
        preferences.Language = request.Language;
        preferences.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ViewOf(preferences));
    }

    private static Dictionary<string, string[]> Validate(PreferencesBody request)
    {
        var errors = new Dictionary<string, string[]>();
        var channels = request.Channels ?? [];
        foreach (var (channel, index) in channels.Select((c, i) => (c, i)).Where(c => !Channels.All.Contains(c.c)))
        {
            errors[$"/channels/{index}"] = [$"Unknown channel '{channel}'. Known: {string.Join(", ", Channels.All)}."];
        }

        var hasEmail = !string.IsNullOrWhiteSpace(request.Email);
        if (hasEmail && !IsEmailAddress(request.Email!.Trim()))
        {
            errors["/email"] = ["Not an e-mail address (name@example.org)."];
        }
        else if (!hasEmail && channels.Contains(Channels.Email))
        {
            errors["/email"] = ["Required when e-mail is among the channels."];
        }

        var hasPhone = !string.IsNullOrWhiteSpace(request.Phone);
        if (hasPhone && !PhoneNumber().IsMatch(request.Phone!.Trim()))
        {
            errors["/phone"] = ["Not a phone number in international format (E.164, e.g. +4791234567)."];
        }
        else if (!hasPhone && channels.Contains(Channels.Sms))
        {
            errors["/phone"] = ["Required when sms is among the channels."];
        }

        if (request.Language is not null && !Languages.IsSupported(request.Language))
        {
            errors["/language"] = [$"Unsupported language '{request.Language}'. Supported: {string.Join(", ", Languages.Supported)}, or null for each municipality's own."];
        }

        return errors;
    }

    // One address, nothing around it: MimeKit accepts "Kari <kari@example.org>" and lists, which are not what is asked.
    private static bool IsEmailAddress(string value) =>
        MailboxAddress.TryParse(value, out var mailbox) && mailbox.Address == value && value.Contains('@') && value.Length <= 254;

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex PhoneNumber();

    private static PreferencesBody ViewOf(CitizenPreferences? preferences) => new(
        [Channels.Inbox, .. preferences?.ByEmail == true ? [Channels.Email] : Array.Empty<string>(), .. preferences?.BySms == true ? [Channels.Sms] : Array.Empty<string>()],
        preferences?.Email,
        preferences?.Phone,
        preferences?.Language);
}
