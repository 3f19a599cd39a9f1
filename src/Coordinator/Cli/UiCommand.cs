using System.CommandLine;
using System.Data.Common;
using Spectre.Console;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Dashboard;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Queries;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// <c>sweep ui</c>: the dashboard of a local store (what <c>sweep run</c> records), live while a run
/// writes to it, with the API's read-only endpoints behind it. A coordinator serves the same on its API port.
/// </summary>
public sealed class UiCommand : Command
{
    public const int DefaultPort = 8090;

    public UiCommand(CliServices services)
        : base("ui", "Serve the dashboard of a store's sweeps (read-only) at http://127.0.0.1:8090/ui/; a coordinator serves it on its --api-port.")
    {
        var database = SharedOptions.Database();
        var port = ClusterOptions.OptionalPort("--port", $"The port to serve on (default {DefaultPort}). Setting Api:Port.");
        var address = new Option<string?>("--address")
        {
            Description = "The address to listen on (default 127.0.0.1; another, such as 0.0.0.0, needs --token-file or --insecure). Setting Api:Address.",
        };
        var token = new Option<string?>("--token-file") { Description = "A file holding the bearer token the dashboard asks for and the API requires. Setting Api:TokenFile." };
        var insecure = new Option<bool>("--insecure") { Description = "Serve a non-loopback address without a token (anyone who reaches it reads every sweep). Setting Api:Insecure." };
        foreach (var option in new Option[] { database, port, address, token, insecure })
            Add(option);
        SetAction((parse, stop) => services.GuardAsync(async () =>
        {
            var overrides = SharedOptions.Overrides(parse, (database, "Store:Database"), (port, "Api:Port"), (address, "Api:Address"), (token, "Api:TokenFile"));
            if (parse.GetValue(insecure))
                overrides["Api:Insecure"] = "true";
            var settings = services.Start(overrides);
            settings.Api.Port ??= DefaultPort;
            if (!await Created(settings.Store.Database, services.Console, stop))
                return ExitCodes.Success;
            await using var session = await StoreAccess.OpenAsync(settings);
            var server = new ApiServer(settings.Api, new SweepService(() => new SweepBackend(session.Projection, Broker: null), settings));
            await using var http = await HealthServer.StartAsync(port: null, () => true, () => true, server);
            services.Console.MarkupLineInterpolated($"Dashboard at [link]{server.Root}{DashboardEndpoints.Prefix}/[/] ({Persistence.StoreName.Of(settings.Store.Database)}; read-only). Ctrl+C stops it.");
            await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            return ExitCodes.Success;
        }));
    }

    /// <summary>Waits while a run beside this command is still creating the store; false when stopped first.</summary>
    private static async Task<bool> Created(string database, IAnsiConsole console, CancellationToken stop)
    {
        for (var told = false; !Readable(database); told = true)
        {
            if (!told)
                console.MarkupLineInterpolated($"Waiting for {Persistence.StoreName.Of(database)} to be created (Ctrl+C stops).");
            await Task.Delay(TimeSpan.FromSeconds(1), stop).ContinueWith(_ => { }, TaskScheduler.Default);
            if (stop.IsCancellationRequested)
                return false;
        }
        return true;
    }

    /// <summary>A file that is no store at all is readable here: opening it then says what is wrong with it.</summary>
    private static bool Readable(string database)
    {
        try
        {
            return StoreAccess.HasJournal(database);
        }
        catch (DbException)
        {
            return true;
        }
    }
}
