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
            if (ConvertedValue.TryGet<int?>(r, out var top) && top is < 1)
                r.AddError($"--top must be 1 or more (the best N trials); got {top}.");
        });
        var metric = new Option<string>("--metric") { Description = "Rank by this metric.", DefaultValueFactory = _ => MetricRegistry.TestAccuracy.Name };
        metric.AcceptOnlyFromAmong([.. MetricRegistry.Names]);
        var json = SharedOptions.Json();
        var csv = new Option<bool>("--csv") { Description = "Print CSV instead of a table: a param.PATH column per varied parameter, every metric, duration_seconds, node." };
        var by = new Option<string?>("--by")
        {
            Description = "Group by a varied factor (a dotted path such as model.blocks[0].filters, or 'variants'): value -> metric mean +- std, and the difference to the base.",
        };
        var state = new Option<string?>("--state") { Description = "Only trials in this state." };
        state.AcceptOnlyFromAmong([.. TrialLifecycles.Texts]);
        var database = SharedOptions.Database();
        Add(sweep);
        Add(state);
        Add(top);
        Add(metric);
        Add(json);
        Add(csv);
        Add(by);
        Add(database);
        var coordinator = new CoordinatorAccess(this, required: false);
        SetAction((parse, _) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse, (database, "Store:Database")));
            var sweepId = parse.GetValue(sweep)!;
            await using var source = await coordinator.OpenAsync(parse, settings, warnings: null);
            if (parse.GetValue(by) is { } factor)
            {
                var table = await source.GroupsAsync(sweepId, factor, parse.GetValue(metric)!);
                var summary = (await source.StatusAsync(sweepId)).Sweep.ToProgress();
                services.Output.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(table, CliJson.Options)
                    : parse.GetValue(csv) ? GroupedResults.Csv(table) : GroupedResults.Text(summary, table));
                return ExitCodes.Success;
            }
            var board = await source.LeaderboardAsync(sweepId, parse.GetValue(metric)!, parse.GetValue(top), parse.GetValue(state));
            if (parse.GetValue(json))
                services.Output.WriteLine(LeaderboardExport.Json(board));
            else if (parse.GetValue(csv))
                services.Output.WriteLine(LeaderboardExport.Csv(board));
            else
                LeaderboardTable.Write(services.Console, board.Sweep.ToProgress(), board.Rows, board.Metric, board.Parameters);
            return ExitCodes.Success;
        }));
    }
}
