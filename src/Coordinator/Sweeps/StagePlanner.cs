using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>
/// The step between two stages of a stages sweep: the ended stage's winner by the sweep's stage metric
/// (ties go to the earlier trial in plan order) becomes the base the next stage is expanded on, from
/// the stage plan the submission recorded. A function of the state alone, so replaying the journal
/// (which records the result) and deciding again agree.
/// </summary>
public static class StagePlanner
{
    /// <returns>The next stage, or none and why (a note for the sweep's end) when the sweep ends here.</returns>
    public static (StageStarted? Next, string? Note) Next(SweepState state, DateTimeOffset now)
    {
        if (state.Design?.Stages is not { } stages || state.Stage + 1 >= stages.Names.Count)
            return (null, null);
        var metric = stages.Metric;
        var next = state.Stage + 1;
        var descending = MetricRegistry.Get(metric).HigherIsBetter;
        var winner = state.CurrentStage.Select(id => state.Trials[id]).Where(t => t.Metric(metric) is not null)
            .OrderBy(t => descending ? -t.Metric(metric) : t.Metric(metric)).ThenBy(t => state.Order.IndexOf(t.Definition.TrialId)).FirstOrDefault();
        if (winner is null)
            return (null, $"stage {next + 1} ('{stages.Names[next]}') not run: no trial of stage {next} has {metric}");
        SweepPlan plan;
        try
        {
            plan = SweepExpander.ExpandStage(stages, next, winner.Definition.Spec);
        }
        catch (SweepFileException e)
        {
            return (null, $"stage {next + 1} ('{stages.Names[next]}') not run: on the winner {winner.Definition.TrialId} it does not expand: {string.Join("; ", e.Errors)}");
        }
        var fresh = plan.Trials.Where(t => !state.Trials.ContainsKey(t.Id)).ToList();
        var definitions = fresh.Select((t, i) => Definitions.Of(t) with { Index = state.Order.Count + i }).ToList();
        var reused = plan.Trials.Where(t => state.Trials.ContainsKey(t.Id)).Select(t => t.Id).ToList();
        return (new StageStarted(state.SweepId, next, plan.StageName!, winner.Definition.TrialId, definitions, reused, now), null);
    }
}
