namespace Platform.Notifications.Templates;

/// <summary>
/// What a notification is about, with the placeholders its templates may use and the sample values a template is
/// checked and previewed with. A placeholder the kind does not know is a mistake the municipality hears about when
/// it saves the template, not one a citizen finds as a gap in their e-mail.
/// </summary>
public sealed record NotificationKind(string Name, string Description, IReadOnlyDictionary<string, object?> SampleData)
{
    private static readonly DateTimeOffset SampleDueDate = new(2026, 12, 14, 15, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, object?> Case(params (string Name, object? Value)[] more)
    {
        var data = new Dictionary<string, object?>
        {
            ["municipality"] = "fjordby",
            ["case_number"] = "FJO-2026-000042",
            ["form_title"] = "Report a broken street light",
        };
        foreach (var (name, value) in more)
        {
            data[name] = value;
        }

        return data;
    }

    public static readonly NotificationKind CaseOpened = new("case-opened",
        "To the citizen: their submission became a case.",
        Case(("status", "Received"), ("due_date", SampleDueDate)));

    public static readonly NotificationKind CaseStatusChanged = new("case-status-changed",
        "To the citizen: their case moved on (UnderReview, AwaitingCitizen, Decided, Closed, Withdrawn).",
        Case(("status", "Decided"), ("previous_status", "UnderReview"), ("reason", "The lamp was repaired on 3 December."), ("due_date", SampleDueDate)));

    public static readonly NotificationKind CaseInformationRequested = new("case-information-requested",
        "To the citizen: the caseworker needs an answer.",
        Case(("question", "Which pole number is printed on the lamp post?")));

    public static readonly NotificationKind CaseMessagePosted = new("case-message-posted",
        "To the citizen: a civil servant wrote in the case's thread.",
        Case(("excerpt", "We have sent an electrician; the light should be back by Friday.")));

    public static readonly NotificationKind CaseOverdue = new("case-overdue",
        "To the caseworker (or the municipality's queue when nobody is assigned): a case passed its due date.",
        Case(("due_date", SampleDueDate), ("assignee", "ingrid@fjordby.no")));

    public static readonly IReadOnlyList<NotificationKind> All = [CaseOpened, CaseStatusChanged, CaseInformationRequested, CaseMessagePosted, CaseOverdue];

    public static NotificationKind? Find(string? name) => All.FirstOrDefault(kind => kind.Name == name);

    public IReadOnlyList<string> Placeholders => [.. SampleData.Keys];
}
