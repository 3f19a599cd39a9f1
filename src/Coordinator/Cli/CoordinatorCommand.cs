using System.CommandLine;
using Spectre.Console;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Dashboard;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep coordinator</c>: the coordinator side of a cluster, until SIGINT or SIGTERM.</summary>
public sealed class CoordinatorCommand : Command
{
    public CoordinatorCommand(CliServices services)
        : base("coordinator", "Run the coordinator side of a cluster (work broker and sweep coordinators, a singleton across coordinator processes), and its HTTP API.")
    {
        var member = new MemberOptions(this, 4053, "The remoting port.", seedsRequired: false);
        var api = new ApiOptions(this);
        var database = SharedOptions.Database();
        var checkpoints = SharedOptions.Checkpoints();
        Add(database);
        Add(checkpoints);
        SetAction((parse, stop) => services.GuardAsync(async () =>
        {
            var overrides = SharedOptions.Overrides(parse, [.. member.Settings, .. api.Settings, (database, "Store:Database"), (checkpoints, "Store:Checkpoints")]);
            api.AddInsecure(parse, overrides);
            var settings = services.Start(overrides);
            var tls = ClusterTls.From(settings.Cluster.Tls);
            var remoting = member.Remoting(parse);
            var self = remoting.Address;
            // A coordinator given no seed starts a cluster of its own.
            var seedList = member.Seeds(parse) is { Length: > 0 } given ? given : [self];
            CoordinatorProcess? current = null;
            var endpoints = Endpoints(settings, () => current);
            await using var http = settings.Http.Port is not null || endpoints is not null ? await ClusterHosts.ServeHealth(settings.Http.Port, () => current?.System, endpoints) : null;
            if (settings.Http.Port is not null)
                CoordinatorMetrics.ReadTrialsFrom(settings.Store.Database);
            for (var first = true; ; first = false)
            {
                var coordinator = ClusterHosts.StartCoordinator(settings.Store.Database, CoordinatorSettings.From(settings.Coordinator, Path.GetFullPath(settings.Store.Checkpoints)), remoting, seedList, tls);
                current = coordinator;
                if (first)
                    services.Output.WriteLine(ClusterConfig.Address(self, tls is not null));
                services.Console.MarkupLineInterpolated($"Coordinator at {ClusterConfig.Address(self, tls is not null)}, store {StoreName.Of(settings.Store.Database)}; seeds {string.Join(", ", seedList)}");
                if (first && endpoints is not null)
                    services.Console.MarkupLineInterpolated($"API at {endpoints.Url}{(settings.Api.TokenFile is null ? "" : " (bearer token required)")}, dashboard at {endpoints.Root}{DashboardEndpoints.Prefix}/");
                var stopped = await ClusterHosts.RunCoordinator(coordinator, stop);
                current = null; // the API answers 503 until the next system is up
                if (stopped)
                    break;
                // Downed or quarantined (peers that still knew a previous process at this address): join again.
                services.Console.MarkupLineInterpolated($"[yellow]Removed from the cluster:[/] joining again at the seeds in {settings.Coordinator.Rejoin.TotalSeconds:F0} s.");
                await Task.Delay(settings.Coordinator.Rejoin, stop).ContinueWith(_ => { }, TaskScheduler.Default);
                if (stop.IsCancellationRequested)
                    break;
            }
            return ExitCodes.Success;
        }));
    }

    private static ApiServer? Endpoints(SweepSettings settings, Func<CoordinatorProcess?> current)
    {
        if (settings.Api.Port is not { } port)
            return null;
        if (port == settings.Http.Port)
            throw new SettingsException($"--api-port and --http-port are both {port}: the API has a listener of its own (its address, token and TLS); give it another port.");
        return new ApiServer(settings.Api, new SweepService(() => SweepBackend.Of(current()), settings));
    }
}
