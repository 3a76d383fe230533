using Microsoft.AspNetCore.Authorization;

namespace Platform.Web.Pages;

/// <summary>Signed in, but on the wrong side: a civil servant at the citizen portal or a citizen at the console.</summary>
[AllowAnonymous]
public sealed class AccessDeniedModel : PortalPage;
