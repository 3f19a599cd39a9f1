using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using SweepCluster.Coordinator.Sweeps;

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
        SetAction((parse, _) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse, (database, "Store:Database")));
            await using var store = StoreAccess.Open(settings);
            var views = parse.GetValue(sweep) is { } id ? [await StoreAccess.Load(store, id, settings)] : await store.ListAsync();
            if (parse.GetValue(json))
            {
                services.Output.WriteLine(new JsonArray([.. views.Select(v => (JsonNode)Status(v.State))]).ToJsonString(CliJson.Options));
                return ExitCodes.Success;
            }
            foreach (var v in views)
            {
                var s = v.State;
                services.Console.MarkupLineInterpolated($"[bold]{s.SweepId}[/] {s.Phase.ToString().ToLowerInvariant()}: {s.Done}/{s.Trials.Count} done, {s.Running} running, {s.Queued} queued, {s.Trials.Values.Count(t => t.Phase == TrialPhase.Failed)} failed");
                foreach (var t in s.Trials.Values.Where(t => t.Phase == TrialPhase.Running).OrderBy(t => t.Definition.Index))
                    services.Console.MarkupLineInterpolated($"  {t.Definition.TrialId} attempt {t.Attempt} on {t.Node ?? "?"}: epoch {t.LastEpoch}/{t.Definition.Spec.Training.Epochs}");
            }
            return ExitCodes.Success;
        }));
    }

    private static JsonObject Status(SweepState s) => new()
    {
        ["sweep_id"] = s.SweepId,
        ["name"] = s.Name,
        ["state"] = s.Phase.ToString().ToLowerInvariant(),
        ["trials_total"] = s.Trials.Count,
        ["trials_completed"] = s.Done,
        ["trials_running"] = s.Running,
        ["trials_queued"] = s.Queued,
        ["trials_failed"] = s.Trials.Values.Count(t => t.Phase == TrialPhase.Failed),
        ["running"] = new JsonArray([.. s.Trials.Values.Where(t => t.Phase == TrialPhase.Running).Select(t => (JsonNode)new JsonObject
        {
            ["trial_id"] = t.Definition.TrialId,
            ["attempt"] = t.Attempt,
            ["node"] = t.Node,
            ["epoch"] = t.LastEpoch,
            ["epochs"] = t.Definition.Spec.Training.Epochs,
        })]),
    };
}
