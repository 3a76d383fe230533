using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Platform.Testing;

/// <summary>
/// Gets real access tokens from the identity service the way a client would: the endpoints come from its discovery
/// document (never hard-coded, so the same helper works on the test server and through the gateway), people sign in
/// through its pages with the authorization code flow and PKCE as the public client <see cref="CliClientId"/>, and
/// partners and services use client credentials. For people, <c>browser</c> must keep cookies and must not follow
/// redirects: e.g. WebApplicationFactory's CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }),
/// or an HttpClientHandler with a CookieContainer and AllowAutoRedirect = false. Every method returns the access
/// token and throws with the server's answer when a step fails.
/// </summary>
public static partial class SignIn
{
    public const string CliClientId = "platform-cli";

    /// <summary>Registered for <see cref="CliClientId"/>; never requested, the code is read off the Location header.</summary>
    public const string CliRedirectUri = "http://127.0.0.1:8080/signed-in";

    /// <summary>A public client people sign in through, and the redirect URI registered for it.</summary>
    public sealed record Client(string ClientId, string RedirectUri)
    {
        /// <summary>The demo's client (Development only); a network without the demo has the portals' clients.</summary>
        public static readonly Client Cli = new(CliClientId, CliRedirectUri);
    }

    /// <summary>A civil servant (or the platform admin) signs in with e-mail and password.</summary>
    public static async Task<string> CivilServantAsync(HttpClient browser, Uri issuer, string email, string password, Client? client = null)
    {
        var flow = await AuthorizationCodeFlow.StartAsync(browser, issuer, client ?? Client.Cli);
        return await flow.FinishAsync(await SubmitPasswordAsync(browser, flow, email, password));
    }

    /// <summary>
    /// Someone whose password was chosen for them (an invitation, the bootstrap administrator) signs in, is sent to
    /// change it before any code is issued, and changes it to <paramref name="newPassword"/> (typed again as
    /// <paramref name="confirmation"/>, by default the same).
    /// </summary>
    public static async Task<string> CivilServantChangingPasswordAsync(
        HttpClient browser, Uri issuer, string email, string password, string newPassword, Client? client = null, string? confirmation = null)
    {
        var flow = await AuthorizationCodeFlow.StartAsync(browser, issuer, client ?? Client.Cli);
        var backToAuthorization = await SubmitPasswordAsync(browser, flow, email, password);
        var changePage = await HtmlPage.GetAsync(browser, await RedirectedToAsync(browser, backToAuthorization, "the authorization endpoint to ask for a new password"));
        var form = HtmlForm.Find(changePage, "change-password");
        form.Fields["currentPassword"] = password;
        form.Fields["newPassword"] = newPassword;
        form.Fields["confirmPassword"] = confirmation ?? newPassword;
        return await flow.FinishAsync(await form.SubmitAsync(browser));
    }

    private static async Task<Uri> SubmitPasswordAsync(HttpClient browser, AuthorizationCodeFlow flow, string email, string password)
    {
        var form = HtmlForm.Find(await flow.OpenSignInPageAsync(), "civil-servant");
        form.Fields["email"] = email;
        form.Fields["password"] = password;
        return await form.SubmitAsync(browser);
    }

    /// <summary>A citizen signs in through the test eID provider as one of its test people, e.g. "citizen-kari".</summary>
    public static async Task<string> CitizenAsync(HttpClient browser, Uri issuer, string citizenId)
    {
        var flow = await AuthorizationCodeFlow.StartAsync(browser, issuer, Client.Cli);
        var signInPage = await flow.OpenSignInPageAsync();
        var eidLink = Attribute(Single(EidTestLink(), signInPage.Html, "the test eID link (is Eid:Test:Enabled on?)").Value, "href");
        var picker = await HtmlPage.GetAsync(browser, new Uri(signInPage.Address, WebUtility.HtmlDecode(eidLink)));
        var form = HtmlForm.Find(picker, $"citizen-{citizenId}");
        return await flow.FinishAsync(await form.SubmitAsync(browser));
    }

    /// <summary>A partner's or service's own token; <paramref name="scope"/> is space-separated.</summary>
    public static async Task<string> ClientCredentialsAsync(HttpClient http, Uri issuer, string clientId, string secret, string scope)
    {
        var discovery = await DiscoverAsync(http, issuer);
        return await RequestTokenAsync(http, discovery.TokenEndpoint, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = scope,
        });
    }

    private sealed record Discovery(Uri AuthorizationEndpoint, Uri TokenEndpoint);

    private static async Task<Discovery> DiscoverAsync(HttpClient http, Uri issuer)
    {
        using var response = await http.GetAsync(new Uri(issuer, ".well-known/openid-configuration"));
        await EnsureAsync(response, HttpStatusCode.OK, "the discovery document");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new Discovery(
            new Uri(document.RootElement.GetProperty("authorization_endpoint").GetString()!),
            new Uri(document.RootElement.GetProperty("token_endpoint").GetString()!));
    }

    private static async Task<string> RequestTokenAsync(HttpClient http, Uri tokenEndpoint, Dictionary<string, string> form)
    {
        using var response = await http.PostAsync(tokenEndpoint, new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The token endpoint {tokenEndpoint} refused the {form["grant_type"]} grant: {(int)response.StatusCode} {body}");
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("access_token").GetString()!;
    }

    private sealed class AuthorizationCodeFlow
    {
        private readonly HttpClient _browser;
        private readonly Discovery _discovery;
        private readonly Client _client;
        private readonly string _verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        private readonly string _state = Base64Url(RandomNumberGenerator.GetBytes(16));

        private AuthorizationCodeFlow(HttpClient browser, Discovery discovery, Client client)
        {
            _browser = browser;
            _discovery = discovery;
            _client = client;
        }

        public static async Task<AuthorizationCodeFlow> StartAsync(HttpClient browser, Uri issuer, Client client) => new(browser, await DiscoverAsync(browser, issuer), client);

        /// <summary>Asks for a code; without a session the identity service answers with its sign-in page.</summary>
        public async Task<HtmlPage> OpenSignInPageAsync()
        {
            var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(_verifier)));
            var authorize = QueryHelpers.AddQueryString(_discovery.AuthorizationEndpoint.AbsoluteUri, new Dictionary<string, string?>
            {
                ["client_id"] = _client.ClientId,
                ["response_type"] = "code",
                ["redirect_uri"] = _client.RedirectUri,
                ["scope"] = "openid",
                ["state"] = _state,
                ["code_challenge"] = challenge,
                ["code_challenge_method"] = "S256",
            });
            var signInPage = await RedirectedToAsync(_browser, new Uri(authorize), "the authorization endpoint to ask for a sign-in");
            return await HtmlPage.GetAsync(_browser, signInPage);
        }

        /// <summary>From the sign-in's redirect back to the authorization endpoint, on to the client's redirect URI with a code, and the code for a token.</summary>
        public async Task<string> FinishAsync(Uri backToAuthorization)
        {
            var callback = await RedirectedToAsync(_browser, backToAuthorization, "the authorization endpoint to issue a code");
            var query = QueryHelpers.ParseQuery(callback.Query);
            if (!callback.AbsoluteUri.StartsWith(_client.RedirectUri, StringComparison.Ordinal) || !query.TryGetValue("code", out var code))
            {
                throw new InvalidOperationException($"Expected a redirect to {_client.RedirectUri} with a code, got {callback}");
            }

            if (query["state"] != _state)
            {
                throw new InvalidOperationException($"The state came back as '{query["state"]}', not '{_state}'.");
            }

            return await RequestTokenAsync(_browser, _discovery.TokenEndpoint, new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["client_id"] = _client.ClientId,
                ["code"] = code!,
                ["redirect_uri"] = _client.RedirectUri,
                ["code_verifier"] = _verifier,
            });
        }
    }

    private sealed record HtmlPage(Uri Address, string Html)
    {
        public static async Task<HtmlPage> GetAsync(HttpClient browser, Uri address)
        {
            using var response = await browser.GetAsync(address);
            await EnsureAsync(response, HttpStatusCode.OK, $"the page {address}");
            return new HtmlPage(address, await response.Content.ReadAsStringAsync());
        }
    }

    private sealed class HtmlForm
    {
        private HtmlForm(Uri action, Dictionary<string, string> fields)
        {
            Action = action;
            Fields = fields;
        }

        public Uri Action { get; }

        public Dictionary<string, string> Fields { get; }

        public static HtmlForm Find(HtmlPage page, string id)
        {
            var form = Single(new Regex($"<form\\b[^>]*\\bid=\"{Regex.Escape(id)}\"[^>]*>(.*?)</form>", RegexOptions.Singleline), page.Html, $"the form '{id}' on {page.Address}");
            var action = WebUtility.HtmlDecode(Attribute(form.Value[..(form.Value.IndexOf('>') + 1)], "action"));
            var fields = InputTag().Matches(form.Groups[1].Value)
                .Where(input => Attribute(input.Value, "type", required: false) == "hidden")
                .ToDictionary(input => WebUtility.HtmlDecode(Attribute(input.Value, "name")), input => WebUtility.HtmlDecode(Attribute(input.Value, "value", required: false)));
            return new HtmlForm(new Uri(page.Address, action), fields);
        }

        /// <summary>Posts the form and returns where the service redirects to.</summary>
        public async Task<Uri> SubmitAsync(HttpClient browser)
        {
            using var response = await browser.PostAsync(Action, new FormUrlEncodedContent(Fields));
            await EnsureAsync(response, HttpStatusCode.Redirect, $"the form post to {Action}");
            return new Uri(Action, response.Headers.Location!);
        }
    }

    private static async Task<Uri> RedirectedToAsync(HttpClient browser, Uri address, string what)
    {
        using var response = await browser.GetAsync(address);
        await EnsureAsync(response, HttpStatusCode.Redirect, what);
        return new Uri(address, response.Headers.Location!);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode != expected)
        {
            var location = response.Headers.Location is { } to ? $" (Location: {to})" : "";
            throw new InvalidOperationException(
                $"Expected {(int)expected} from {what}, got {(int)response.StatusCode} {response.StatusCode}{location}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static Match Single(Regex pattern, string html, string what)
    {
        var matches = pattern.Matches(html);
        return matches.Count == 1 ? matches[0] : throw new InvalidOperationException($"Expected {what} once, found it {matches.Count} times in:\n{html}");
    }

    private static string Attribute(string tag, string name, bool required = true)
    {
        var match = Regex.Match(tag, $"\\b{name}=\"([^\"]*)\"");
        return match.Success ? match.Groups[1].Value
            : required ? throw new InvalidOperationException($"No {name} attribute in {tag}") : "";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("<a\\b[^>]*\\bid=\"eid-test\"[^>]*>")]
    private static partial Regex EidTestLink();

    [GeneratedRegex("<input\\b[^>]*>")]
    private static partial Regex InputTag();
}
