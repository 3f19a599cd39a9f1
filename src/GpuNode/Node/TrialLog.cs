using Serilog;
using Serilog.Context;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;

namespace SweepCluster.GpuNode.Node;

/// <summary>
/// What a trial logs, as structured events: inside <see cref="Scope"/> every event (the trainer's
/// included) carries SweepId, TrialId, Attempt and Node, and each epoch's metrics are properties,
/// so a log server can chart a trial from its events alone.
/// </summary>
public static class TrialLog
{
    public static IDisposable Scope(AssignTrial trial, string node)
    {
        var properties = new[]
        {
            LogContext.PushProperty("SweepId", trial.SweepId),
            LogContext.PushProperty("TrialId", trial.TrialId),
            LogContext.PushProperty("Attempt", trial.Attempt),
            LogContext.PushProperty("Node", node),
        };
        return new Popped(properties);
    }

    public static void Started(AssignTrial trial) =>
        Log.Information("Training trial {TrialId} attempt {Attempt} of sweep {SweepId}", trial.TrialId, trial.Attempt, trial.SweepId);

    public static void GroupStarted(AssignGroup group) =>
        Log.Information("Training fused group {GroupId} of sweep {SweepId}: {GroupSize} trials ({Members})",
            group.GroupId, group.SweepId, group.Members.Count, string.Join(", ", group.Members.Select(m => $"{m.TrialId} attempt {m.Attempt}")));

    public static void Epoch(EpochMetrics m) =>
        Log.Information("Epoch {Epoch}: train loss {TrainLoss:F4}, accuracy {TrainAccuracy:F4}; validation loss {ValLoss:F4}, accuracy {ValAccuracy:F4}; learning rate {LearningRate}, {Seconds:F1} s, {ImagesPerSecond:F0} images/s",
            m.Epoch, m.TrainLoss, m.TrainAccuracy, m.ValLoss, m.ValAccuracy, m.LearningRate, m.Seconds, m.ImagesPerSecond);

    public static void Finished(TrialOutcome outcome) =>
        Log.Information("Trial {Status}, best epoch {BestEpoch}: validation accuracy {ValAccuracy}, test accuracy {TestAccuracy}",
            outcome.Status, outcome.BestEpoch, outcome.ValAccuracy, outcome.TestAccuracy);

    public static void Crashed(Exception error) => Log.Warning(error, "Trial crashed: {Error}", error.Message);

    /// <summary>Pops the pushed properties in reverse order, as LogContext requires.</summary>
    private sealed class Popped(IDisposable[] properties) : IDisposable
    {
        public void Dispose()
        {
            for (var i = properties.Length - 1; i >= 0; i--)
                properties[i].Dispose();
        }
    }
}
