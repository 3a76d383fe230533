namespace Platform.Web.Language;

/// <summary>
/// The portals' own words in each language they speak. The person's choice is kept in a cookie; without one the
/// browser's Accept-Language decides, and English is the fallback. Forms bring their own texts by language.
/// </summary>
public sealed class Words(IHttpContextAccessor accessor)
{
    public const string Cookie = "platform-language";
    public static readonly IReadOnlyList<(string Code, string Name)> Languages = [("en", "English"), ("nb", "Norsk bokmål")];

    private string? _current;

    /// <summary>The language code of this request: en or nb.</summary>
    public string Current => _current ??= Choose(accessor.HttpContext);

    public string this[string key] => Dictionary.TryGetValue(key, out var texts) ? (Current == "nb" ? texts.Nb : texts.En) : key;

    /// <summary>A form's or service's text in the person's language, else in its main (first) language.</summary>
    public string Pick(IReadOnlyDictionary<string, string>? texts, string fallback) =>
        texts is null ? fallback
        : texts.TryGetValue(Current, out var text) ? text
        : Current == "nb" && texts.TryGetValue("no", out var norwegian) ? norwegian
        : fallback;

    public static bool IsSupported(string? code) => Languages.Any(l => l.Code == code);

    private static string Choose(HttpContext? http)
    {
        if (http is null)
        {
            return "en";
        }

        if (http.Request.Cookies.TryGetValue(Cookie, out var chosen) && IsSupported(chosen))
        {
            return chosen!;
        }

        var accepted = http.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).Select(l => l.Value.Value ?? "");
        return accepted.Any(l => l.StartsWith("nb", StringComparison.OrdinalIgnoreCase) || l.StartsWith("no", StringComparison.OrdinalIgnoreCase)
            || l.StartsWith("nn", StringComparison.OrdinalIgnoreCase)) ? "nb" : "en";
    }

    private static readonly Dictionary<string, (string En, string Nb)> Dictionary = new()
    {
        ["site.portal"] = ("Citizen services", "Innbyggertjenester"),
        ["site.console"] = ("Municipal console", "Kommunekonsoll"),
        ["site.skip"] = ("Skip to content", "Hopp til innholdet"),
        ["site.language"] = ("Language", "Språk"),
        ["site.signin"] = ("Sign in", "Logg inn"),
        ["site.signin.eid"] = ("Sign in with eID", "Logg inn med eID"),
        ["site.signin.staff"] = ("Sign in as municipal staff", "Logg inn som kommuneansatt"),
        ["site.signout"] = ("Sign out", "Logg ut"),
        ["site.signedin"] = ("Signed in as", "Innlogget som"),
        ["site.back"] = ("Back", "Tilbake"),
        ["site.error"] = ("Something went wrong", "Noe gikk galt"),
        ["site.unavailable"] = ("The service did not answer. Try again in a moment.", "Tjenesten svarte ikke. Prøv igjen om litt."),
        ["site.denied.title"] = ("Not for this account", "Ikke for denne kontoen"),
        ["site.denied.portal"] = ("The citizen portal is for citizens signed in with eID. Municipal staff use the console.", "Innbyggerportalen er for innbyggere innlogget med eID. Kommuneansatte bruker konsollen."),
        ["site.denied.console"] = ("The console is for municipal staff. Citizens use the citizen portal.", "Konsollen er for kommuneansatte. Innbyggere bruker innbyggerportalen."),
        ["site.toconsole"] = ("To the console", "Til konsollen"),
        ["site.toportal"] = ("To the citizen portal", "Til innbyggerportalen"),

        ["nav.home"] = ("Municipalities", "Kommuner"),
        ["nav.cases"] = ("My cases", "Mine saker"),
        ["nav.inbox"] = ("Inbox", "Innboks"),
        ["nav.consents"] = ("Consents", "Samtykker"),
        ["nav.queue"] = ("Case queue", "Sakskø"),
        ["nav.forms"] = ("Forms", "Skjemaer"),
        ["nav.catalogue"] = ("Catalogue", "Katalog"),
        ["nav.network"] = ("Network", "Nettverk"),
        ["nav.staff"] = ("Staff", "Ansatte"),

        ["network.title"] = ("The network's members", "Nettverkets medlemmer"),
        ["network.notadmin"] = ("Only the platform administrator manages the network's members.", "Bare plattformadministratoren forvalter nettverkets medlemmer."),
        ["network.register"] = ("Register a member", "Registrer et medlem"),
        ["network.id"] = ("Id (in every URL, e.g. elvdal)", "Id (i alle adresser, f.eks. elvdal)"),
        ["network.name"] = ("Name", "Navn"),
        ["network.kind"] = ("Kind", "Type"),
        ["network.municipality"] = ("Municipality", "Kommune"),
        ["network.partner"] = ("Partner", "Partner"),
        ["network.country"] = ("Country (ISO code, e.g. NO)", "Land (ISO-kode, f.eks. NO)"),
        ["network.registered"] = ("{0} is registered.", "{0} er registrert."),
        ["network.municipalities"] = ("Municipalities", "Kommuner"),
        ["network.partners"] = ("Partners", "Partnere"),
        ["network.inviteadmin"] = ("Invite a tenant admin", "Inviter en tenant-administrator"),
        ["network.invited"] = ("{0} is invited. Their initial password, shown only now: {1}. They must choose their own when they first sign in.", "{0} er invitert. Startpassordet, vist bare nå: {1}. Ved første innlogging må de velge sitt eget."),
        ["network.client"] = ("Client", "Klient"),
        ["network.noclient"] = ("No client yet.", "Ingen klient ennå."),
        ["network.scopes"] = ("Scopes", "Tilganger"),
        ["network.issue"] = ("Issue a client", "Utsted en klient"),
        ["network.rotate"] = ("New secret", "Ny hemmelighet"),
        ["network.revoke"] = ("Revoke", "Trekk tilbake"),
        ["network.secret"] = ("The client {0}'s secret, shown only now: {1}", "Hemmeligheten til klienten {0}, vist bare nå: {1}"),
        ["network.revoked"] = ("The client {0} is revoked; it gets no new tokens.", "Klienten {0} er trukket tilbake; den får ingen nye tokens."),

        ["staff.title"] = ("Staff of {0}", "Ansatte i {0}"),
        ["staff.notadmin"] = ("Only a tenant admin manages the municipality's staff.", "Bare en tenant-administrator forvalter kommunens ansatte."),
        ["staff.email"] = ("E-mail", "E-post"),
        ["staff.name"] = ("Name", "Navn"),
        ["staff.roles"] = ("Roles", "Roller"),
        ["staff.invite"] = ("Invite", "Inviter"),
        ["staff.inviteheading"] = ("Invite a colleague", "Inviter en kollega"),
        ["staff.save"] = ("Save roles", "Lagre roller"),
        ["staff.remove"] = ("Remove", "Fjern"),
        ["staff.saved"] = ("{0}'s roles are saved; they hold from their next sign-in.", "Rollene til {0} er lagret; de gjelder fra neste innlogging."),
        ["staff.removed"] = ("{0} can no longer sign in.", "{0} kan ikke lenger logge inn."),
        ["role.caseworker"] = ("Caseworker", "Saksbehandler"),
        ["role.form-designer"] = ("Form designer", "Skjemautvikler"),
        ["role.tenant-admin"] = ("Tenant admin", "Tenant-administrator"),

        ["home.title"] = ("Public services from your municipality", "Offentlige tjenester fra kommunen din"),
        ["home.intro"] = ("Apply, report and follow your cases with the municipalities of the network.", "Søk, meld fra og følg sakene dine hos kommunene i nettverket."),
        ["home.pick"] = ("Choose your municipality", "Velg kommunen din"),
        ["home.staff"] = ("Do you work for a municipality?", "Jobber du i en kommune?"),

        ["services.title"] = ("Services of {0}", "Tjenester i {0}"),
        ["services.none"] = ("This municipality publishes no services yet.", "Denne kommunen har ingen tjenester ennå."),
        ["services.days"] = ("Usually handled within {0} days", "Behandles vanligvis innen {0} dager"),
        ["services.start"] = ("Start", "Start"),

        ["form.required"] = ("required", "må fylles ut"),
        ["form.submit"] = ("Send", "Send inn"),
        ["form.addrow"] = ("Add another", "Legg til en til"),
        ["form.errors"] = ("There is a problem", "Det er et problem"),
        ["form.errors.intro"] = ("Correct the fields below and send again.", "Rett feltene nedenfor og send på nytt."),
        ["form.version"] = ("Version {0}", "Versjon {0}"),
        ["form.yes"] = ("Yes", "Ja"),
        ["form.choose"] = ("Choose…", "Velg…"),
        ["form.item"] = ("Item {0}", "Element {0}"),

        ["receipt.title"] = ("Received", "Mottatt"),
        ["receipt.text"] = ("{0} received your submission to \"{1}\" at {2}.", "{0} mottok innsendingen din til «{1}» {2}."),
        ["receipt.case"] = ("Your case", "Saken din"),
        ["receipt.pending"] = ("Your case is being registered; it will appear under My cases in a moment.", "Saken din registreres; den dukker opp under Mine saker om et øyeblikk."),
        ["rate.title"] = ("How was it to use this service?", "Hvordan var det å bruke denne tjenesten?"),
        ["rate.rating"] = ("Your rating", "Din vurdering"),
        ["rate.1"] = ("1 – poor", "1 – dårlig"),
        ["rate.5"] = ("5 – excellent", "5 – svært god"),
        ["rate.comment"] = ("Comment (optional)", "Kommentar (valgfritt)"),
        ["rate.send"] = ("Send rating", "Send vurdering"),
        ["rate.thanks"] = ("Thank you for your rating.", "Takk for vurderingen."),

        ["cases.title"] = ("My cases", "Mine saker"),
        ["cases.none"] = ("You have no cases yet.", "Du har ingen saker ennå."),
        ["case.number"] = ("Case number", "Saksnummer"),
        ["case.service"] = ("Service", "Tjeneste"),
        ["case.municipality"] = ("Municipality", "Kommune"),
        ["case.status"] = ("Status", "Status"),
        ["case.opened"] = ("Opened", "Opprettet"),
        ["case.due"] = ("Due", "Frist"),
        ["case.assignee"] = ("Assigned to", "Saksbehandler"),
        ["case.citizen"] = ("Citizen", "Innbygger"),
        ["case.decision"] = ("Decision", "Vedtak"),
        ["case.outcome.Approved"] = ("Approved", "Innvilget"),
        ["case.outcome.Rejected"] = ("Rejected", "Avslått"),
        ["case.reason"] = ("Reason", "Begrunnelse"),
        ["case.messages"] = ("Messages", "Meldinger"),
        ["case.messages.none"] = ("No messages yet.", "Ingen meldinger ennå."),
        ["case.message"] = ("Message", "Melding"),
        ["case.message.send"] = ("Send message", "Send melding"),
        ["case.info"] = ("The municipality asks", "Kommunen spør"),
        ["case.info.answer"] = ("Your answer", "Ditt svar"),
        ["case.info.send"] = ("Send answer", "Send svar"),
        ["case.audit"] = ("Audit trail", "Logg"),
        ["case.take"] = ("Take the case", "Ta saken"),
        ["case.assign"] = ("Assign", "Tildel"),
        ["case.assign.to"] = ("Caseworker", "Saksbehandler"),
        ["case.transition"] = ("Move to", "Flytt til"),
        ["case.decide"] = ("Decide", "Fatt vedtak"),
        ["case.request"] = ("Ask the citizen", "Spør innbyggeren"),
        ["case.question"] = ("Question", "Spørsmål"),
        ["case.answers.correct"] = ("Correct my answers to the form", "Rett svarene mine i skjemaet"),
        ["case.answers.send"] = ("Send the corrected answers with my answer", "Send de rettede svarene sammen med svaret mitt"),
        ["case.answers"] = ("Answers", "Svar"),
        ["case.answers.corrected"] = ("answers corrected", "svarene rettet"),
        ["case.actions"] = ("Handle the case", "Behandle saken"),
        ["case.review"] = ("Start review", "Start behandling"),
        ["case.close"] = ("Close the case", "Avslutt saken"),
        ["case.assign.hint"] = ("The colleague's user id", "Kollegaens bruker-id"),
        ["case.info.requests"] = ("Questions to the citizen", "Spørsmål til innbyggeren"),
        ["audit.when"] = ("When", "Når"),
        ["audit.who"] = ("Who", "Hvem"),
        ["audit.what"] = ("What", "Hva"),
        ["case.withdraw"] = ("Withdraw my case", "Trekk saken"),
        ["status.Received"] = ("Received", "Mottatt"),
        ["status.UnderReview"] = ("Under review", "Under behandling"),
        ["status.AwaitingCitizen"] = ("Waiting for you", "Venter på deg"),
        ["status.Decided"] = ("Decided", "Avgjort"),
        ["status.Closed"] = ("Closed", "Avsluttet"),
        ["status.Withdrawn"] = ("Withdrawn", "Trukket"),

        ["inbox.title"] = ("Inbox", "Innboks"),
        ["inbox.none"] = ("No notices.", "Ingen varsler."),
        ["inbox.unread"] = ("Unread", "Ulest"),
        ["inbox.markread"] = ("Mark as read", "Merk som lest"),

        ["consents.title"] = ("Consents", "Samtykker"),
        ["consents.intro"] = ("Partners such as your bank may submit forms for you only while you consent. You can withdraw a consent at any time; it takes effect at once.", "Partnere som banken din kan sende inn skjemaer for deg bare så lenge du samtykker. Du kan trekke et samtykke når som helst; det gjelder straks."),
        ["consents.none"] = ("You have given no consents.", "Du har ikke gitt noen samtykker."),
        ["consents.partner"] = ("Partner", "Partner"),
        ["consents.forms"] = ("Forms", "Skjemaer"),
        ["consents.forms.hint"] = ("The forms' keys, separated by commas, e.g. street-light", "Skjemaenes nøkler, skilt med komma, f.eks. street-light"),
        ["consents.until"] = ("Valid until", "Gyldig til"),
        ["consents.state"] = ("State", "Tilstand"),
        ["consents.active"] = ("Active", "Aktivt"),
        ["consents.revoked"] = ("Withdrawn", "Trukket"),
        ["consents.expired"] = ("Expired", "Utløpt"),
        ["consents.revoke"] = ("Withdraw", "Trekk tilbake"),
        ["consents.grant"] = ("Give a consent", "Gi et samtykke"),
        ["consents.give"] = ("Give consent", "Gi samtykke"),

        ["queue.title"] = ("Case queue", "Sakskø"),
        ["queue.filter"] = ("Filter", "Filtrer"),
        ["queue.all"] = ("All", "Alle"),
        ["queue.mine"] = ("Assigned to me", "Tildelt meg"),
        ["queue.unassigned"] = ("Unassigned", "Ikke tildelt"),
        ["queue.overdue"] = ("Overdue", "Over fristen"),
        ["queue.you"] = ("You", "Deg"),
        ["queue.none"] = ("No cases match.", "Ingen saker passer."),
        ["queue.notcaseworker"] = ("You are not a caseworker, so you see no cases.", "Du er ikke saksbehandler og ser derfor ingen saker."),

        ["forms.title"] = ("Forms", "Skjemaer"),
        ["forms.new"] = ("New form", "Nytt skjema"),
        ["forms.key"] = ("Key", "Nøkkel"),
        ["forms.key.hint"] = ("Lower-case letters, digits and hyphens; part of the form's address.", "Små bokstaver, sifre og bindestreker; blir del av skjemaets adresse."),
        ["forms.published"] = ("Published", "Publisert"),
        ["forms.edit"] = ("Edit", "Rediger"),
        ["forms.draft"] = ("Draft", "Utkast"),
        ["forms.nodraft"] = ("No draft: saving starts the draft of the next version.", "Ikke noe utkast: lagring starter utkastet til neste versjon."),
        ["forms.title.en"] = ("Title (English)", "Tittel (engelsk)"),
        ["forms.title.nb"] = ("Title (Norwegian)", "Tittel (norsk)"),
        ["forms.description.en"] = ("Description (English)", "Beskrivelse (engelsk)"),
        ["forms.description.nb"] = ("Description (Norwegian)", "Beskrivelse (norsk)"),
        ["forms.schema"] = ("Questions (JSON Schema)", "Spørsmål (JSON Schema)"),
        ["forms.uihints"] = ("Layout hints (JSON)", "Oppsett (JSON)"),
        ["forms.days"] = ("Expected processing days", "Forventet behandlingstid (dager)"),
        ["forms.location"] = ("The form reports a place (Open311)", "Skjemaet melder et sted (Open311)"),
        ["forms.save"] = ("Save draft", "Lagre utkast"),
        ["forms.preview"] = ("Preview", "Forhåndsvis"),
        ["forms.publish"] = ("Publish", "Publiser"),
        ["forms.share"] = ("Share in the catalogue", "Del i katalogen"),
        ["forms.pull"] = ("Take the upstream version into the draft", "Hent oppstrømsversjonen inn i utkastet"),
        ["forms.versions"] = ("Published versions", "Publiserte versjoner"),
        ["forms.feedback"] = ("What citizens think", "Hva innbyggerne mener"),
        ["forms.feedback.none"] = ("No ratings yet.", "Ingen vurderinger ennå."),
        ["forms.feedback.count"] = ("{0} ratings, mean {1}", "{0} vurderinger, snitt {1}"),
        ["forms.feedback.chart"] = ("Ratings per version: how many gave each rating", "Vurderinger per versjon: hvor mange ga hver karakter"),
        ["forms.saved"] = ("Draft saved.", "Utkastet er lagret."),
        ["forms.publishedok"] = ("Published as version {0}.", "Publisert som versjon {0}."),
        ["forms.sharedok"] = ("Shared in the catalogue.", "Delt i katalogen."),
        ["forms.preview.note"] = ("This is how citizens will see the draft. Nothing is sent from here.", "Slik vil innbyggerne se utkastet. Ingenting sendes herfra."),

        ["catalogue.title"] = ("Shared catalogue", "Delt katalog"),
        ["catalogue.intro"] = ("Forms other municipalities share. Adopt one as your own draft, tailor it and publish it.", "Skjemaer andre kommuner deler. Ta i bruk et som ditt eget utkast, tilpass det og publiser det."),
        ["catalogue.search"] = ("Search", "Søk"),
        ["catalogue.from"] = ("From", "Fra"),
        ["catalogue.adoptions"] = ("Adopted by", "Tatt i bruk av"),
        ["catalogue.adopt"] = ("Adopt", "Ta i bruk"),
        ["catalogue.newkey"] = ("Key for your copy (optional)", "Nøkkel for kopien din (valgfritt)"),
        ["catalogue.none"] = ("Nothing shared matches.", "Ingenting delt passer."),
    };
}
