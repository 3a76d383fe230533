using Platform.Proof.Network;

namespace Platform.Proof.Hostile;

/// <summary>The demo people's and Nordbank's real tokens, signed in once through the gateway.</summary>
public sealed class Callers
{
    private readonly Dictionary<Caller, string> _tokens;

    private Callers(Dictionary<Caller, string> tokens) => _tokens = tokens;

    public static async Task<Callers> SignInAsync(LocalNetwork network)
    {
        var tokens = new Dictionary<Caller, string>
        {
            [Caller.Kari] = await network.CitizenTokenAsync("citizen-kari"),
            [Caller.Ola] = await network.CitizenTokenAsync("citizen-ola"),
            [Caller.Anna] = await network.CitizenTokenAsync("citizen-anna"),
            [Caller.Ingrid] = await network.CivilServantTokenAsync("ingrid@fjordby.no"),
            [Caller.Lars] = await network.CivilServantTokenAsync("lars@skogsberg.se"),
            [Caller.Dag] = await network.CivilServantTokenAsync("dag@fjordby.no"),
            [Caller.FjordbyAdmin] = await network.CivilServantTokenAsync("admin@fjordby.no"),
            [Caller.SkogsbergAdmin] = await network.CivilServantTokenAsync("admin@skogsberg.se"),
            [Caller.Root] = await network.CivilServantTokenAsync("root@platform.example"),
            [Caller.Nordbank] = await network.PartnerTokenAsync("forms.submit cases.read webhooks.manage data.write"),
        };
        return new Callers(tokens);
    }

    /// <summary>The caller's token; none for <see cref="Caller.Nobody"/>.</summary>
    public string? TokenOf(Caller caller) => _tokens.GetValueOrDefault(caller);
}
