namespace Platform.Proof.Hostile;

/// <summary>Who sends a request: nobody, or one of the demo people and the demo partner.</summary>
public enum Caller
{
    Nobody,
    Kari,
    Ola,
    Anna,
    Ingrid,
    Lars,
    Dag,
    FjordbyAdmin,
    SkogsbergAdmin,
    Root,
    Nordbank,
}

/// <summary>How an endpoint reads its body.</summary>
public enum BodyKind
{
    Json,
    Form,
}

/// <summary>
/// One public endpoint as the gateway offers it: the method, the path with placeholders, the caller who may use it,
/// a body of the right shape, and a body that must be refused whatever is written at its <c>§</c> slots.
/// </summary>
/// <remarks>
/// A hostile string in a free-text field (a message, a template) is text like any other, and an authorised caller's
/// valid request may store it. So injection strings go only where the platform must refuse them: into identifiers
/// it checks, into a field of the wrong type (an array where a string is meant), into paths and query strings, and
/// onto resources that do not exist. Write requests aim at unknown ids (<c>{unknown}</c>, <c>no-such-form</c>), so
/// that nothing a mutation leaves standing can be stored.
/// <para>Placeholders: <c>{tenant}</c> fjordby; <c>{case}</c> and <c>{submission}</c> Kari's real case and submission;
/// <c>{unknown}</c> a fresh id nobody has.</para>
/// </remarks>
public sealed record PublicEndpoint(string Method, string Path, Caller Caller, string? Body = null, string? Refused = null, BodyKind Kind = BodyKind.Json)
{
    public string Service => Path.StartsWith("/open311/", StringComparison.Ordinal) ? "forms" : Path.Split('/')[2];

    public bool HasBody => Body is not null;

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>Every public endpoint of the five services behind the gateway.</summary>
public static class PublicEndpoints
{
    private const string StreetLightReport =
        """{"data":{"location":{"latitude":59.91,"longitude":10.75,"address":"Havnegata 1"},"poleNumber":"FJ-0042","description":"The light by the harbour is dark."}}""";

    public static readonly IReadOnlyList<PublicEndpoint> All =
    [
        // identity
        new("GET", "/api/identity/organisations?kind=Municipality", Caller.Kari),
        new("GET", "/api/identity/organisations/{tenant}", Caller.Kari),
        new("POST", "/api/identity/organisations", Caller.Root,
            """{"id":"newtown","name":"New Town","kind":"Municipality","country":"NO"}""", """{"id":"§","name":["§"],"kind":"§","country":"NO"}"""),
        new("GET", "/api/identity/tenants/{tenant}/civil-servants", Caller.FjordbyAdmin),
        new("POST", "/api/identity/tenants/{tenant}/civil-servants", Caller.FjordbyAdmin,
            """{"email":"new@fjordby.no","displayName":"New","password":"long-enough-password","roles":["caseworker"]}""",
            """{"email":"§","displayName":["§"],"password":"long-enough-password","roles":"§"}"""),
        new("DELETE", "/api/identity/tenants/{tenant}/civil-servants/{unknown}", Caller.FjordbyAdmin),
        new("POST", "/api/identity/connect/token", Caller.Nobody,
            "grant_type=client_credentials&client_id=nordbank-client&client_secret=wrong&scope=forms.submit",
            "grant_type=§&client_id=§&client_secret=§&scope=§", BodyKind.Form),
        new("GET", "/api/identity/account/sign-in?returnUrl=%2F", Caller.Nobody),
        new("POST", "/api/identity/account/sign-in", Caller.Nobody,
            "email=nobody%40example.org&password=wrong&returnUrl=%2F", "email=§&password=§&returnUrl=§", BodyKind.Form),
        new("GET", "/api/identity/account/eid/test?returnUrl=%2F", Caller.Nobody),
        new("POST", "/api/identity/tenants/{tenant}/consents", Caller.Kari,
            """{"partnerId":"nordbank","formKeys":["street-light"],"expiresAt":"2030-01-01T00:00:00Z"}""",
            """{"partnerId":"§","formKeys":"§","expiresAt":"§"}"""),
        new("GET", "/api/identity/tenants/{tenant}/consents/check?partnerId=nordbank&citizenId=citizen-kari&formKey=street-light", Caller.Nordbank),
        new("GET", "/api/identity/citizens/me/consents", Caller.Kari),
        new("DELETE", "/api/identity/citizens/me/consents/{unknown}", Caller.Kari),
        new("GET", "/api/identity/signing-keys", Caller.Root),
        new("POST", "/api/identity/signing-keys/rotation", Caller.Root, """{"retirePrevious":false}""", """{"retirePrevious":"§"}"""),

        // forms
        new("GET", "/api/forms/tenants/{tenant}/forms", Caller.Kari),
        new("GET", "/api/forms/tenants/{tenant}/forms/street-light", Caller.Kari),
        new("GET", "/api/forms/tenants/{tenant}/forms/street-light/versions", Caller.Kari),
        new("GET", "/api/forms/tenants/{tenant}/forms/street-light/versions/1", Caller.Kari),
        new("POST", "/api/forms/tenants/{tenant}/forms", Caller.Dag,
            """{"key":"new-form","titles":{"en":"New"},"descriptions":{"en":"New form"},"schema":{"type":"object"}}""",
            """{"key":"§","titles":"§","descriptions":["§"],"schema":{"type":"§"}}"""),
        new("GET", "/api/forms/tenants/{tenant}/forms/street-light/draft", Caller.Dag),
        new("PUT", "/api/forms/tenants/{tenant}/forms/no-such-form/draft", Caller.Dag,
            """{"titles":{"en":"Edited"},"schema":{"type":"object"}}""", """{"titles":"§","schema":{"type":"§"}}"""),
        new("POST", "/api/forms/tenants/{tenant}/forms/no-such-form/publish", Caller.Dag),
        new("POST", "/api/forms/tenants/{tenant}/forms/street-light/submissions", Caller.Kari, StreetLightReport,
            """{"data":{"location":{"latitude":"§","longitude":10.75},"poleNumber":"§","description":["§"]}}"""),
        new("GET", "/api/forms/tenants/{tenant}/submissions/{submission}", Caller.Kari),
        new("GET", "/api/forms/tenants/{tenant}/submissions?limit=50", Caller.Kari),
        new("POST", "/api/forms/tenants/{tenant}/submissions/{submission}/feedback", Caller.Kari,
            """{"rating":5,"comment":"Quick and easy."}""", """{"rating":"§","comment":["§"]}"""),
        new("GET", "/api/forms/tenants/{tenant}/forms/street-light/feedback", Caller.FjordbyAdmin),
        new("GET", "/api/forms/catalogue", Caller.Dag),
        new("GET", "/api/forms/catalogue/skogsberg/bulky-waste", Caller.Dag),
        new("POST", "/api/forms/tenants/{tenant}/forms/no-such-form/share", Caller.Dag),
        new("POST", "/api/forms/tenants/{tenant}/catalogue/adoptions", Caller.Dag,
            """{"sourceTenantId":"skogsberg","formKey":"no-such-form","version":1,"newKey":"adopted"}""",
            """{"sourceTenantId":"§","formKey":"§","version":"§","newKey":["§"]}"""),
        new("POST", "/api/forms/tenants/{tenant}/forms/no-such-form/pull-upstream", Caller.Dag),
        new("GET", "/open311/v2/discovery.json", Caller.Nobody),
        new("GET", "/open311/v2/services.json?jurisdiction_id=fjordby", Caller.Nobody),
        new("GET", "/open311/v2/services/street-light.json?jurisdiction_id=fjordby", Caller.Nobody),
        new("POST", "/open311/v2/requests.json", Caller.Nobody,
            "jurisdiction_id=fjordby&service_code=street-light&account_id=citizen-kari&lat=59.91&long=10.75&description=Dark",
            "jurisdiction_id=§&service_code=§&api_key=§&account_id=§&lat=§&long=§", BodyKind.Form),
        new("GET", "/open311/v2/requests.json?jurisdiction_id=fjordby", Caller.Nobody),
        new("GET", "/open311/v2/requests/{unknown}.json?jurisdiction_id=fjordby", Caller.Nobody),

        // cases
        new("GET", "/api/cases/tenants/{tenant}/cases?limit=50", Caller.Ingrid),
        new("GET", "/api/cases/tenants/{tenant}/cases/{case}", Caller.Ingrid),
        new("GET", "/api/cases/tenants/{tenant}/cases/{case}/answers", Caller.Ingrid),
        new("GET", "/api/cases/tenants/{tenant}/cases/{case}/partner-data", Caller.Ingrid),
        new("GET", "/api/cases/tenants/{tenant}/cases/{case}/information-requests", Caller.Ingrid),
        new("POST", "/api/cases/tenants/{tenant}/cases/{unknown}/information-requests", Caller.Ingrid,
            """{"question":"Which pole?"}""", """{"question":["§"]}"""),
        new("POST", "/api/cases/tenants/{tenant}/cases/{unknown}/information-requests/{unknown}/answer", Caller.Kari,
            """{"text":"Pole FJ-0042","data":{"poleNumber":"FJ-0042"}}""", """{"text":["§"],"data":"§"}"""),
        new("GET", "/api/cases/tenants/{tenant}/cases/{case}/messages", Caller.Kari),
        new("POST", "/api/cases/tenants/{tenant}/cases/{unknown}/messages", Caller.Kari, """{"body":"Any news?"}""", """{"body":["§"]}"""),
        new("POST", "/api/cases/tenants/{tenant}/cases/{unknown}/assignment", Caller.Ingrid,
            """{"assigneeId":"ingrid@fjordby.no"}""", """{"assigneeId":["§"]}"""),
        new("POST", "/api/cases/tenants/{tenant}/cases/{unknown}/review", Caller.Ingrid),
        new("POST", "/api/cases/tenants/{tenant}/cases/{unknown}/decision", Caller.Ingrid,
            """{"outcome":"Approved","reason":"Fixed."}""", """{"outcome":"§","reason":["§"]}"""),
        new("POST", "/api/cases/tenants/{tenant}/cases/{unknown}/closure", Caller.Ingrid),
        new("POST", "/api/cases/tenants/{tenant}/cases/{unknown}/withdrawal", Caller.Kari, """{"reason":"Fixed already."}""", """{"reason":["§"]}"""),
        new("GET", "/api/cases/citizens/me/cases?limit=20", Caller.Kari),
        new("GET", "/api/cases/citizens/me/cases/{case}", Caller.Kari),
        new("GET", "/api/cases/tenants/{tenant}/audit?caseId={case}&after=0&limit=50", Caller.FjordbyAdmin),

        // channels
        new("PUT", "/api/channels/tenants/{tenant}/data-schemas/meter-reading", Caller.FjordbyAdmin,
            """{"title":"Meter reading","schema":{"type":"object"}}""", """{"title":["§"],"schema":"§"}"""),
        new("GET", "/api/channels/tenants/{tenant}/data-schemas", Caller.FjordbyAdmin),
        new("GET", "/api/channels/tenants/{tenant}/data-schemas/meter-reading", Caller.FjordbyAdmin),
        new("POST", "/api/channels/partners/nordbank/tenants/{tenant}/data/no-such-schema/records", Caller.Nordbank,
            """{"citizenId":"citizen-kari","caseId":null,"data":{"meterId":"M-1"}}""", """{"citizenId":["§"],"caseId":"§","data":{}}"""),
        new("POST", "/api/channels/partners/nordbank/agreements", Caller.Nordbank,
            """{"tenantId":"fjordby","formKeys":["street-light"],"eventTypes":["case.opened"],"dataSchemas":[],"purpose":"App"}""",
            """{"tenantId":"§","formKeys":"§","eventTypes":["§"],"dataSchemas":[],"purpose":["§"]}"""),
        new("GET", "/api/channels/partners/nordbank/agreements", Caller.Nordbank),
        new("GET", "/api/channels/tenants/{tenant}/agreements", Caller.FjordbyAdmin),
        new("POST", "/api/channels/tenants/{tenant}/agreements/{unknown}/approval", Caller.FjordbyAdmin,
            """{"formKeys":["street-light"],"eventTypes":["case.opened"],"dataSchemas":[]}""", """{"formKeys":"§","eventTypes":["§"]}"""),
        new("POST", "/api/channels/tenants/{tenant}/agreements/{unknown}/termination", Caller.FjordbyAdmin),
        new("POST", "/api/channels/partners/nordbank/webhooks", Caller.Nordbank,
            """{"tenantId":"fjordby","url":"http://127.0.0.1:9/hook","eventTypes":["case.opened"]}""",
            """{"tenantId":"§","url":"§","eventTypes":"§"}"""),
        new("GET", "/api/channels/partners/nordbank/webhooks", Caller.Nordbank),
        new("GET", "/api/channels/partners/nordbank/webhooks/{unknown}", Caller.Nordbank),
        new("DELETE", "/api/channels/partners/nordbank/webhooks/{unknown}", Caller.Nordbank),
        new("POST", "/api/channels/partners/nordbank/webhooks/{unknown}/verification", Caller.Nordbank),
        new("POST", "/api/channels/partners/nordbank/webhooks/{unknown}/secret-rotation", Caller.Nordbank),
        new("GET", "/api/channels/partners/nordbank/webhooks/{unknown}/deliveries", Caller.Nordbank),
        new("POST", "/api/channels/partners/nordbank/webhooks/{unknown}/replay", Caller.Nordbank),
        new("POST", "/api/channels/partners/nordbank/tenants/{tenant}/forms/street-light/submissions", Caller.Nordbank,
            """{"citizenId":"citizen-kari","data":{"location":{"latitude":59.91,"longitude":10.75},"description":"Dark since Monday."}}""",
            """{"citizenId":"§","data":"§"}"""),

        // notifications
        new("GET", "/api/notifications/citizens/me/preferences", Caller.Kari),
        new("PUT", "/api/notifications/citizens/me/preferences", Caller.Kari,
            """{"channels":["inbox"],"email":"kari@example.org","phone":null,"language":"en"}""",
            """{"channels":["§"],"email":["§"],"phone":"§","language":"§"}"""),
        new("GET", "/api/notifications/tenants/{tenant}/templates", Caller.FjordbyAdmin),
        new("GET", "/api/notifications/tenants/{tenant}/templates/case-opened/en", Caller.FjordbyAdmin),
        new("PUT", "/api/notifications/tenants/{tenant}/templates/case-opened/en", Caller.FjordbyAdmin,
            """{"subject":"Case {{caseNumber}}","body":"We received it.","sms":"Received."}""", """{"subject":["§"],"body":"§","sms":"§"}"""),
        new("DELETE", "/api/notifications/tenants/{tenant}/templates/no-such-kind/en", Caller.FjordbyAdmin),
        new("POST", "/api/notifications/tenants/{tenant}/templates/case-opened/en/preview", Caller.FjordbyAdmin,
            """{"subject":"Case {{caseNumber}}","body":"We received it.","sms":"Received."}""", """{"subject":["§"],"body":"§","sms":"§"}"""),
        new("GET", "/api/notifications/citizens/me/inbox?limit=20&offset=0&unread=true", Caller.Kari),
        new("PUT", "/api/notifications/citizens/me/inbox/{unknown}/read", Caller.Kari),
        new("DELETE", "/api/notifications/citizens/me/inbox/{unknown}/read", Caller.Kari),
        new("GET", "/api/notifications/tenants/{tenant}/caseworkers/me/inbox?limit=20", Caller.Ingrid),
        new("GET", "/api/notifications/citizens/me/notifications?caseId={case}&limit=20", Caller.Kari),
        new("GET", "/api/notifications/citizens/me/notifications/{unknown}", Caller.Kari),
        new("GET", "/api/notifications/tenants/{tenant}/notifications?caseId={case}&status=Delivered&limit=20", Caller.FjordbyAdmin),
        new("GET", "/api/notifications/tenants/{tenant}/notifications/{unknown}", Caller.FjordbyAdmin),
    ];
}
