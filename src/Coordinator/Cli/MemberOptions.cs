using System.CommandLine;
using SweepCluster.Coordinator.Hosting;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// The options of a process that joins the cluster (coordinator, node): where remoting listens and
/// is reached, the seeds, the health and metrics port, and the TLS files.
/// </summary>
public sealed class MemberOptions
{
    private readonly Option<string> _host = ClusterOptions.Host();
    private readonly Option<string?> _publicHost = ClusterOptions.PublicHost();
    private readonly Option<int> _port;
    private readonly Option<string[]> _seeds;
    private readonly Option<int?> _httpPort = ClusterOptions.HttpPort();

    public MemberOptions(Command command, int port, string portDescription, bool seedsRequired)
    {
        _port = ClusterOptions.Port(port, portDescription);
        _seeds = ClusterOptions.Seeds(seedsRequired);
        command.Add(_host);
        command.Add(_publicHost);
        command.Add(_port);
        command.Add(_seeds);
        command.Add(_httpPort);
        Settings = [.. ClusterOptions.AddTls(command), (_httpPort, "Http:Port")];
    }

    /// <summary>The options that override settings, for <see cref="SharedOptions.Overrides"/>.</summary>
    public (Option Option, string Key)[] Settings { get; }

    public Remoting Remoting(ParseResult parse) =>
        new(parse.GetValue(_host)!, parse.GetValue(_publicHost) ?? AdvertisedHost.For(parse.GetValue(_host)!), parse.GetValue(_port));

    public string[] Seeds(ParseResult parse) => parse.GetValue(_seeds) ?? [];
}
