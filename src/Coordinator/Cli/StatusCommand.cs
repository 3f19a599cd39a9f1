using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using SweepCluster.Coordinator.Api;
using SweepCluster.Messages.Serialization;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep status [SWEEP]</c>: progress, the running trials' latest epochs and the time left.</summary>
public sealed class StatusCommand : Command
{
    public StatusCommand(CliServices services)
        : base("status", "Show a sweep's progress (or every sweep's): done, running, queued, failed, running trials' epochs and the time left.")
    {
        var sweep = new Argument<string?>("sweep") { Description = "The sweep id; all sweeps when left out.", Arity = ArgumentArity.ZeroOrOne };
        var json = SharedOptions.Json();
        var database = SharedOptions.Database();
        Add(sweep);
        Add(json);
        Add(database);
        var coordinator = new CoordinatorAccess(this, required: false);
        SetAction((parse, _) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse, (database, "Store:Database")));
            await using var source = await coordinator.OpenAsync(parse, settings, parse.GetValue(json) ? null : services.Console);
            var ids = parse.GetValue(sweep) is { } id ? [id] : (await source.SweepsAsync()).Select(s => s.SweepId).ToList();
            var statuses = new List<SweepStatus>();
            foreach (var sweepId in ids)
                statuses.Add(await source.StatusAsync(sweepId));
            if (parse.GetValue(json))
            {
                services.Output.WriteLine(JsonSerializer.Serialize(statuses, SpecJson.Options));
                return ExitCodes.Success;
            }
            foreach (var status in statuses)
            {
                var s = status.Sweep;
                var eta = status.EtaSeconds is { } seconds ? $", about {TimeSpan.FromSeconds(Math.Round(seconds)):hh\\:mm\\:ss} left" : "";
                services.Console.MarkupLineInterpolated($"[bold]{s.SweepId}[/] {s.Name} {s.State}: {s.TrialsCompleted}/{s.TrialsTotal} done, {s.TrialsRunning} running, {s.TrialsQueued} queued, {s.TrialsFailed} failed{eta}");
                foreach (var t in status.Running)
                    services.Console.MarkupLineInterpolated($"  {t.TrialId} attempt {t.Attempt} on {t.Node ?? "?"}: {PlainProgress.Epoch(t.Latest, t.Epochs)}");
            }
            return ExitCodes.Success;
        }));
    }
}
