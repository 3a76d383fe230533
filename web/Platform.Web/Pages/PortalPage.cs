using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.ServiceDefaults.Security;
using Platform.Web.Language;
using Platform.Web.SignIn;
using Refit;
using AuthorizeAttribute = Microsoft.AspNetCore.Authorization.AuthorizeAttribute;

namespace Platform.Web.Pages;

/// <summary>What every page of both sides shares: the person's words, and a service's refusal turned into a sentence for them.</summary>
public abstract class PortalPage : PageModel
{
    private Words? _words;

    /// <summary>Why the last call to a service did not succeed, in the service's words; shown at the top of the page.</summary>
    public string? Failure { get; set; }

    /// <summary>A confirmation of what was just done, carried over the redirect after a post.</summary>
    [TempData]
    public string? Done { get; set; }

    protected Words T => _words ??= HttpContext.RequestServices.GetRequiredService<Words>();

    /// <summary>True when the service said yes; otherwise <see cref="Failure"/> says what it objected to.</summary>
    protected bool Succeeded(IApiResponse response)
    {
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        Failure = Describe(response);
        return false;
    }

    /// <summary>
    /// After a command: on to <paramref name="next"/> when the service did it (with <paramref name="done"/> to confirm it),
    /// else the same page again, freshly read, with the service's reason.
    /// </summary>
    protected async Task<IActionResult> ThenAsync<TResult>(IApiResponse<TResult> response, string next, Func<Task> reload, Func<TResult, string>? done = null)
    {
        if (Succeeded(response))
        {
            Done = done?.Invoke(response.Content!);
            return Redirect(next);
        }

        var failure = Failure;
        await reload();
        Failure = failure;
        return Page();
    }

    public static string Describe(IApiResponse response)
    {
        if (ProblemOf(response) is { Length: > 0 } content)
        {
            try
            {
                using var problem = JsonDocument.Parse(content);
                var root = problem.RootElement;
                var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
                var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
                var errors = root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object
                    ? string.Join(" ", e.EnumerateObject().Select(error => $"{error.Name}: {string.Join(" ", error.Value.EnumerateArray().Select(m => m.GetString()))}"))
                    : null;
                return string.Join(" ", new[] { title, detail, errors }.Where(s => !string.IsNullOrEmpty(s)));
            }
            catch (JsonException)
            {
                // Not a problem document (a proxy's error page): fall back to the status.
            }
        }

        return response.StatusCode is { } status ? $"{(int)status} {response.ReasonPhrase}" : response.Error?.Message ?? "";
    }

    /// <summary>The body of a refusal: an RFC 9457 problem from the services.</summary>
    public static string? ProblemOf(IApiResponse response) => (response.Error as ApiException)?.Content;

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A page of the citizen portal: only for citizens signed in with eID.</summary>
[Authorize(Policy = PortalSignIn.CitizenPolicy)]
public abstract class CitizenPage : PortalPage;

/// <summary>A page of the console: only for civil servants, always within their own municipality.</summary>
[Authorize(Policy = PortalSignIn.CivilServantPolicy)]
public abstract class ConsolePage : PortalPage
{
    public string TenantId => User.TenantId() ?? "";

    public bool IsCaseworker => User.IsInRole(Roles.Caseworker);

    public bool IsFormDesigner => User.IsInRole(Roles.FormDesigner);
}
