using System.CommandLine;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Hosting;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// The options of a command that talks to a cluster's coordinators instead of the store:
/// <c>--coordinator HOST:PORT</c> (repeatable) and the client's TLS files.
/// </summary>
public sealed class ClusterAccess
{
    private readonly Option<string[]> _coordinators;

    public ClusterAccess(Command command, bool required)
    {
        _coordinators = ClusterOptions.HostPorts("--coordinator", required,
            required ? "A coordinator as HOST:PORT (repeat for several)." : "Ask a cluster's coordinator at HOST:PORT (repeat for several) instead of reading the store.");
        command.Add(_coordinators);
        Tls = ClusterOptions.AddTls(command);
    }

    /// <summary>The TLS options with their settings, for <see cref="SharedOptions.Overrides"/>.</summary>
    public (Option Option, string Key)[] Tls { get; }

    public bool IsGiven(ParseResult parse) => parse.GetValue(_coordinators) is { Length: > 0 };

    public ClusterApiClient Connect(ParseResult parse, SweepSettings settings) =>
        new(parse.GetValue(_coordinators)!, ClusterTls.From(settings.Cluster.Tls));
}
