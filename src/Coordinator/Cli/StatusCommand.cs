using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep status [SWEEP]</c>: progress and the running trials' latest epochs.</summary>
public sealed class StatusCommand : Command
{
    public StatusCommand(CliServices services)
        : base("status", "Show a sweep's progress (or every sweep's): done, running, queued, failed, and running trials' epochs.")
    {
        var sweep = new Argument<string?>("sweep") { Description = "The sweep id; all sweeps when left out.", Arity = ArgumentArity.ZeroOrOne };
        var json = SharedOptions.Json();
        var database = SharedOptions.Database();
        Add(sweep);
        Add(json);
        Add(database);
        var cluster = new ClusterAccess(this, required: false);
        SetAction((parse, _) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse, [.. cluster.Tls, (database, "Store:Database")]));
            if (cluster.IsGiven(parse))
                return await FromCluster(services, cluster, parse, settings, parse.GetValue(sweep), parse.GetValue(json));
            await using var queries = await StoreAccess.OpenAsync(settings);
            var sweeps = parse.GetValue(sweep) is { } id ? [StoreAccess.Sweep(queries, id, settings)] : StoreAccess.ReadableSweeps(queries, parse.GetValue(json) ? null : services.Console);
            var running = sweeps.ToDictionary(s => s.SweepId, s => queries.Reader.Trials(s.SweepId).Where(t => t.IsRunning).ToList());
            if (parse.GetValue(json))
            {
                var rows = sweeps.Select(s =>
                {
                    var row = SweepJson.Summary(s);
                    row["running"] = new JsonArray([.. running[s.SweepId].Select(t => (JsonNode)SweepJson.Running(t))]);
                    return (JsonNode)row;
                });
                services.Output.WriteLine(new JsonArray([.. rows]).ToJsonString(CliJson.Options));
                return ExitCodes.Success;
            }
            foreach (var s in sweeps)
            {
                services.Console.MarkupLineInterpolated($"[bold]{s.SweepId}[/] {s.Name} {s.State}: {s.Done}/{s.Total} done, {s.Running} running, {s.Queued} queued, {s.Failed} failed");
                foreach (var t in running[s.SweepId])
                    services.Console.MarkupLineInterpolated($"  {t.TrialId} attempt {t.Attempt} on {t.Node ?? "?"}: {ProgressView.Epoch(t)}");
            }
            return ExitCodes.Success;
        }));
    }

    /// <summary>Progress as a coordinator reports it (from its store; running trials' epochs are only in the store).</summary>
    private static async Task<int> FromCluster(CliServices services, ClusterAccess cluster, ParseResult parse, SweepSettings settings, string? sweepId, bool json)
    {
        await using var client = cluster.Connect(parse, settings);
        var sweeps = sweepId is null
            ? (await client.Ask<SweepList>(new ListSweeps())).Sweeps
            : [await client.Ask<SweepProgress>(new GetSweepProgress(sweepId))];
        if (json)
            services.Output.WriteLine(new JsonArray([.. sweeps.Select(p => (JsonNode)SweepJson.Progress(p))]).ToJsonString(CliJson.Options));
        else
            foreach (var p in sweeps)
                ProgressView.Line(services.Console, p);
        return ExitCodes.Success;
    }
}
