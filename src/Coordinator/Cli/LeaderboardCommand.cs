using System.CommandLine;
using System.Text.Json;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.Ranking;
using SweepCluster.Coordinator.Reports;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep leaderboard SWEEP</c>: trials ranked by any recorded metric, from the read model.</summary>
public sealed class LeaderboardCommand : Command
{
    public LeaderboardCommand(CliServices services)
        : base("leaderboard", "Rank a sweep's trials by a metric (works while it runs and after).")
    {
        var sweep = new Argument<string>("sweep") { Description = "The sweep id (see ./sweep list)." };
        var top = new Option<int?>("--top") { Description = "Show only the best N (1 or more)." };
        top.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1)
                r.AddError($"--top must be 1 or more (the best N trials); got {r.GetValueOrDefault<int?>()}.");
        });
        var metric = new Option<string>("--metric") { Description = "Rank by this metric.", DefaultValueFactory = _ => MetricRegistry.TestAccuracy.Name };
        metric.AcceptOnlyFromAmong([.. MetricRegistry.Names]);
        var json = SharedOptions.Json();
        var csv = new Option<bool>("--csv") { Description = "Print CSV instead of a table." };
        var by = new Option<string?>("--by")
        {
            Description = "Group by a varied factor (a dotted path such as model.blocks[0].filters, or 'variants'): value -> metric mean +- std, and the difference to the base.",
        };
        var database = SharedOptions.Database();
        Add(sweep);
        Add(top);
        Add(metric);
        Add(json);
        Add(csv);
        Add(by);
        Add(database);
        var cluster = new ClusterAccess(this, required: false);
        SetAction((parse, _) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse, [.. cluster.Tls, (database, "Store:Database")]));
            var (summary, trials, baseSpec) = await Results(cluster, parse, settings, parse.GetValue(sweep)!);
            if (parse.GetValue(by) is { } factor)
            {
                var table = GroupedResults.Table(trials, factor, parse.GetValue(metric)!, baseSpec);
                services.Output.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(table, CliJson.Options)
                    : parse.GetValue(csv) ? GroupedResults.Csv(table) : GroupedResults.Text(summary, table));
                return ExitCodes.Success;
            }
            var rows = Leaderboard.Rows(trials, parse.GetValue(metric)!);
            if (parse.GetValue(top) is { } n)
                rows = [.. rows.Take(n)];
            if (parse.GetValue(json))
                services.Output.WriteLine(JsonSerializer.Serialize(rows, CliJson.Options));
            else if (parse.GetValue(csv))
                services.Output.WriteLine(Leaderboard.Csv(rows));
            else
                Leaderboard.Print(services.Console, summary, rows);
            return ExitCodes.Success;
        }));
    }

    /// <summary>The sweep's trials (and its base trial's spec, which only the store has) from a coordinator when one is named, else from the store.</summary>
    private static async Task<(SweepProgress Sweep, IReadOnlyList<TrialResult> Trials, TrialSpec? BaseSpec)> Results(ClusterAccess cluster, ParseResult parse, SweepSettings settings, string sweepId)
    {
        if (cluster.IsGiven(parse))
        {
            await using var client = cluster.Connect(parse, settings);
            var results = await client.Ask<SweepResults>(new GetSweepResults(sweepId));
            return (results.Sweep, results.Trials, null);
        }
        await using var queries = await StoreAccess.OpenAsync(settings);
        var summary = StoreAccess.Sweep(queries, sweepId, settings);
        var trials = queries.Reader.Trials(sweepId);
        var baseSpec = trials.FirstOrDefault(t => t.Label == ResultGroups.BaseLabel && t.Overrides.Count == 0)?.Spec;
        return (summary.ToProgress(), [.. trials.Select(t => t.ToResult())], baseSpec);
    }
}
