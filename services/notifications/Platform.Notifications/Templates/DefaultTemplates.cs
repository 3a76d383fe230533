namespace Platform.Notifications.Templates;

/// <summary>A notification's wording in Liquid: an e-mail subject and body, and the short text an SMS carries.</summary>
public sealed record TemplateText(string Subject, string Body, string Sms);

/// <summary>
/// The wording every municipality starts with, in English, Norwegian bokmål and Swedish. A municipality overrides any
/// of them through the templates API; deleting its own version brings the default back.
/// </summary>
public static class DefaultTemplates
{
    public static readonly IReadOnlyList<string> Languages = ["en", "nb", "sv"];

    private static readonly Dictionary<(string Kind, string Language), TemplateText> Texts = new()
    {
        [(NotificationKind.CaseOpened.Name, "en")] = new(
            "We received your request: {{ form_title }}",
            """
            Your case number is {{ case_number }}.{% if due_date %} We aim to decide by {{ due_date | date: "%d %B %Y" }}.{% endif %}
            We will let you know when its status changes.
            """,
            "We received {{ form_title }}. Your case number is {{ case_number }}."),
        [(NotificationKind.CaseOpened.Name, "nb")] = new(
            "Vi har mottatt saken din: {{ form_title }}",
            """
            Saksnummeret ditt er {{ case_number }}.{% if due_date %} Vi tar sikte på å avgjøre saken innen {{ due_date | date: "%d.%m.%Y" }}.{% endif %}
            Vi gir deg beskjed når statusen endres.
            """,
            "Vi har mottatt {{ form_title }}. Saksnummeret ditt er {{ case_number }}."),
        [(NotificationKind.CaseOpened.Name, "sv")] = new(
            "Vi har tagit emot ditt ärende: {{ form_title }}",
            """
            Ditt ärendenummer är {{ case_number }}.{% if due_date %} Vi räknar med att fatta beslut senast {{ due_date | date: "%Y-%m-%d" }}.{% endif %}
            Vi meddelar dig när statusen ändras.
            """,
            "Vi har tagit emot {{ form_title }}. Ditt ärendenummer är {{ case_number }}."),

        [(NotificationKind.CaseStatusChanged.Name, "en")] = new(
            "Your case {{ case_number }} has a new status",
            """
            {% case status %}{% when "UnderReview" %}{% assign text = "under review" %}{% when "AwaitingCitizen" %}{% assign text = "waiting for your answer" %}{% when "Decided" %}{% assign text = "decided" %}{% when "Closed" %}{% assign text = "closed" %}{% when "Withdrawn" %}{% assign text = "withdrawn" %}{% else %}{% assign text = status %}{% endcase -%}
            Your case {{ case_number }} ({{ form_title }}) is now {{ text }}.{% if reason %}

            {{ reason }}{% endif %}
            """,
            "Your case {{ case_number }} has a new status: {{ status }}."),
        [(NotificationKind.CaseStatusChanged.Name, "nb")] = new(
            "Saken din {{ case_number }} har fått ny status",
            """
            {% case status %}{% when "UnderReview" %}{% assign text = "under behandling" %}{% when "AwaitingCitizen" %}{% assign text = "venter på svar fra deg" %}{% when "Decided" %}{% assign text = "avgjort" %}{% when "Closed" %}{% assign text = "avsluttet" %}{% when "Withdrawn" %}{% assign text = "trukket tilbake" %}{% else %}{% assign text = status %}{% endcase -%}
            Saken din {{ case_number }} ({{ form_title }}) er nå {{ text }}.{% if reason %}

            {{ reason }}{% endif %}
            """,
            "Saken din {{ case_number }} har fått ny status. Se innboksen din."),
        [(NotificationKind.CaseStatusChanged.Name, "sv")] = new(
            "Ditt ärende {{ case_number }} har fått ny status",
            """
            {% case status %}{% when "UnderReview" %}{% assign text = "under handläggning" %}{% when "AwaitingCitizen" %}{% assign text = "väntar på ditt svar" %}{% when "Decided" %}{% assign text = "avgjort" %}{% when "Closed" %}{% assign text = "avslutat" %}{% when "Withdrawn" %}{% assign text = "återkallat" %}{% else %}{% assign text = status %}{% endcase -%}
            Ditt ärende {{ case_number }} ({{ form_title }}) är nu {{ text }}.{% if reason %}

            {{ reason }}{% endif %}
            """,
            "Ditt ärende {{ case_number }} har fått ny status. Se din inkorg."),

        [(NotificationKind.CaseInformationRequested.Name, "en")] = new(
            "We need more information for case {{ case_number }}",
            """
            To continue with your case {{ case_number }} ({{ form_title }}) we need an answer from you:

            {{ question }}

            Please answer in the case's message thread.
            """,
            "Case {{ case_number }}: we need more information from you. See your inbox."),
        [(NotificationKind.CaseInformationRequested.Name, "nb")] = new(
            "Vi trenger mer informasjon i sak {{ case_number }}",
            """
            For å behandle saken din {{ case_number }} ({{ form_title }}) trenger vi svar fra deg:

            {{ question }}

            Svar i meldingstråden i saken.
            """,
            "Sak {{ case_number }}: vi trenger mer informasjon fra deg. Se innboksen din."),
        [(NotificationKind.CaseInformationRequested.Name, "sv")] = new(
            "Vi behöver mer information i ärende {{ case_number }}",
            """
            För att handlägga ditt ärende {{ case_number }} ({{ form_title }}) behöver vi svar från dig:

            {{ question }}

            Svara i ärendets meddelandetråd.
            """,
            "Ärende {{ case_number }}: vi behöver mer information från dig. Se din inkorg."),

        [(NotificationKind.CaseMessagePosted.Name, "en")] = new(
            "New message in case {{ case_number }}",
            """
            You have a new message about {{ form_title }} (case {{ case_number }}):

            {{ excerpt }}
            """,
            "New message in case {{ case_number }}: {{ excerpt | truncate: 100 }}"),
        [(NotificationKind.CaseMessagePosted.Name, "nb")] = new(
            "Ny melding i sak {{ case_number }}",
            """
            Du har fått en ny melding om {{ form_title }} (sak {{ case_number }}):

            {{ excerpt }}
            """,
            "Ny melding i sak {{ case_number }}: {{ excerpt | truncate: 100 }}"),
        [(NotificationKind.CaseMessagePosted.Name, "sv")] = new(
            "Nytt meddelande i ärende {{ case_number }}",
            """
            Du har fått ett nytt meddelande om {{ form_title }} (ärende {{ case_number }}):

            {{ excerpt }}
            """,
            "Nytt meddelande i ärende {{ case_number }}: {{ excerpt | truncate: 100 }}"),

        [(NotificationKind.CaseOverdue.Name, "en")] = new(
            "Overdue: case {{ case_number }}",
            """
            Case {{ case_number }} ({{ form_title }}) passed its due date, {{ due_date | date: "%d %B %Y" }}, without a decision.{% unless assignee %}
            Nobody is assigned to it yet.{% endunless %}
            """,
            "Case {{ case_number }} is overdue since {{ due_date | date: \"%d.%m.%Y\" }}."),
        [(NotificationKind.CaseOverdue.Name, "nb")] = new(
            "Fristen er passert: sak {{ case_number }}",
            """
            Sak {{ case_number }} ({{ form_title }}) passerte fristen {{ due_date | date: "%d.%m.%Y" }} uten vedtak.{% unless assignee %}
            Saken er ikke tildelt noen ennå.{% endunless %}
            """,
            """Sak {{ case_number }} har passert fristen {{ due_date | date: "%d.%m.%Y" }}."""),
        [(NotificationKind.CaseOverdue.Name, "sv")] = new(
            "Försenat: ärende {{ case_number }}",
            """
            Ärende {{ case_number }} ({{ form_title }}) passerade sitt förfallodatum {{ due_date | date: "%Y-%m-%d" }} utan beslut.{% unless assignee %}
            Ärendet är inte tilldelat någon ännu.{% endunless %}
            """,
            """Ärende {{ case_number }} är försenat sedan {{ due_date | date: "%Y-%m-%d" }}."""),
    };

    /// <summary>The default wording of <paramref name="kind"/> in <paramref name="language"/>, if one ships.</summary>
    public static TemplateText? Find(NotificationKind kind, string language) => Texts.GetValueOrDefault((kind.Name, language));
}
