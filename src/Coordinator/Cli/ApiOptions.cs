using System.CommandLine;

namespace SweepCluster.Coordinator.Cli;

/// <summary>The options of the coordinator's HTTP API: its port and address, the token it requires, and the explicit consent to serve without one.</summary>
public sealed class ApiOptions
{
    private readonly Option<bool> _insecure = new("--insecure-api")
    {
        Description = "Serve the API on a non-loopback address without a token (anyone who reaches it may submit and cancel sweeps). Setting Api:Insecure.",
    };

    public ApiOptions(Command command)
    {
        var port = ClusterOptions.OptionalPort("--api-port", "Serve the HTTP API (/api/v1) on this port; off when left out. Setting Api:Port.");
        var address = new Option<string?>("--api-address")
        {
            Description = "The address the API listens on (default 127.0.0.1; 0.0.0.0 for every interface, which needs --token-file or --insecure-api). Setting Api:Address.",
        };
        var token = new Option<string?>("--token-file") { Description = "A file holding the bearer token that every API request must carry (a mounted secret). Setting Api:TokenFile." };
        var certificate = new Option<string?>("--api-cert") { Description = "Serve the API over HTTPS with this PEM certificate (tls.crt). Setting Api:Certificate." };
        var key = new Option<string?>("--api-key") { Description = "The certificate's PEM private key (tls.key), when not in its file. Setting Api:Key." };
        foreach (var option in new Option[] { port, address, token, certificate, key, _insecure })
            command.Add(option);
        Settings = [(port, "Api:Port"), (address, "Api:Address"), (token, "Api:TokenFile"), (certificate, "Api:Certificate"), (key, "Api:Key")];
    }

    /// <summary>The options that override settings, for <see cref="SharedOptions.Overrides"/>.</summary>
    public (Option Option, string Key)[] Settings { get; }

    /// <summary>The flag, which carries no value for <see cref="SharedOptions.Overrides"/> to copy.</summary>
    public void AddInsecure(ParseResult parse, Dictionary<string, string?> overrides)
    {
        if (parse.GetValue(_insecure))
            overrides["Api:Insecure"] = "true";
    }
}
