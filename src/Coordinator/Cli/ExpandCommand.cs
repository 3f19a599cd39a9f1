using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Specs;
using SweepCluster.Search.Schedulers;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep expand FILE</c>: the trials a sweep file yields, checked, before anything runs.</summary>
public sealed class ExpandCommand : Command
{
    public ExpandCommand(CliServices services)
        : base("expand", "Validate a sweep file and list its trials: id, overrides, parameter counts, feature shape.")
    {
        var file = new Argument<string>("file") { Description = "The sweep file (YAML)." };
        var json = SharedOptions.Json();
        Add(file);
        Add(json);
        SetAction(parse => services.Guard(() =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse));
            var plan = SweepExpander.ExpandFile(parse.GetValue(file)!, settings.SweepFiles.Limits(), new GpuNode.Data.DatasetResolver(settings.Datasets.Local()));
            if (parse.GetValue(json))
                services.Output.WriteLine(ToJson(plan).ToJsonString(CliJson.Options));
            else
                Print(services.Console, plan);
            PlanWarnings.Show(services, plan, parse.GetValue(json));
            return ExitCodes.Success;
        }));
    }

    private static JsonArray ToJson(SweepPlan plan) =>
    [
        .. plan.Trials.Select(t => new JsonObject
        {
            ["index"] = t.Index,
            ["id"] = t.Id,
            ["label"] = t.Label,
            ["overrides"] = new JsonObject(t.Overrides.Select(o => KeyValuePair.Create(o.Key, o.Value?.DeepClone()))),
            ["repeat"] = t.Repeat,
            ["seed"] = t.Spec.Seed,
            ["trainable_parameters"] = t.Summary.Trainable,
            ["non_trainable_parameters"] = t.Summary.NonTrainable,
            ["output_shape"] = Features(t),
            ["spec"] = JsonSerializer.SerializeToNode(t.Spec, SpecJson.Options),
        }),
    ];

    /// <summary>The feature map the blocks hand to the head: the shape a reader checks first.</summary>
    private static string Features(PlannedTrial trial) =>
        trial.Summary.Layers.LastOrDefault(l => l.Path.StartsWith("model.blocks"))?.Output.ToString() ?? trial.Summary.Input.ToString();

    private static void Print(IAnsiConsole console, SweepPlan plan)
    {
        var strategy = plan.Strategy?.ToString().ToLowerInvariant() ?? "single trial";
        console.MarkupLineInterpolated($"[bold]{plan.Name}[/]: {plan.Trials.Count} trial(s), strategy {strategy}");
        var table = new Table().AddColumns("#", "id", "overrides", "trainable", "non-trainable", "features");
        foreach (var trial in plan.Trials)
        {
            var overrides = trial.Overrides.Count == 0 ? "(base)" : string.Join(", ", trial.Overrides.Select(o => $"{o.Key}={o.Value?.ToJsonString().Trim('"') ?? "null"}"));
            if (trial.Repeat > 0)
                overrides += $" (repeat {trial.Repeat}, seed {trial.Spec.Seed})";
            table.AddRow(trial.Index.ToString(), trial.Id, Markup.Escape(overrides), trial.Summary.Trainable.ToString("N0"), trial.Summary.NonTrainable.ToString("N0"), Features(trial));
        }
        console.Write(table);
        if (plan.PendingStages.Count > 0)
            console.MarkupLineInterpolated($"Later stages wait for the results of the one before: {string.Join(", ", plan.PendingStages)}");
        if (plan.Sampling is { } sampling)
            console.MarkupLineInterpolated($"TPE: these are the random startup draws; {sampling.Samples - plan.Trials.Count} more are proposed as results arrive ({(sampling.Maximise ? "maximising" : "minimising")} {sampling.Metric}).");
        if (plan.Scheduler is { } scheduler)
            console.MarkupLineInterpolated($"Scheduler: {Describe(scheduler)}.");
    }

    private static string Describe(SchedulerSpec s)
    {
        var on = $"{s.Metric} ({s.Direction.ToString().ToLowerInvariant()}), budget {s.MaxEpochs} epochs";
        return s.Type switch
        {
            SchedulerKind.Median => $"median stopping on {on}, from epoch {s.GracePeriod + 1}, once {s.MinTrials} other trials reached the epoch",
            SchedulerKind.Asha => $"ASHA on {on}, rungs at epochs {string.Join(", ", AshaScheduler.RungsBelow(s.GracePeriod, s.ReductionFactor, s.MaxEpochs!.Value))}, top 1/{s.ReductionFactor} go on",
            SchedulerKind.Hyperband => $"Hyperband on {on}: " + string.Join("; ", new HyperbandScheduler(new SchedulerMetric(s.Metric, s.Direction), s.GracePeriod, s.ReductionFactor, s.MaxEpochs!.Value, s.Brackets).Brackets
                .Select(b => $"bracket {b.S} from epoch {b.FirstRung}, {b.Trials} per cycle")),
            _ => $"PBT on {on}, every {s.Interval} epochs the bottom {s.Quantile:P0} take over from the top, exploring {string.Join(", ", s.Mutations.Keys)}",
        };
    }
}
