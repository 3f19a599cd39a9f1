using Akka.Actor;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary>Cancelling a sweep that no process runs: the caller holds the sweep's lock, so its coordinator has no other writer.</summary>
public static class SweepCancellation
{
    public static async Task CancelHereAsync(StoreSession session, string sweepId, SweepSettings settings)
    {
        var coordinator = session.System.ActorOf(SweepCoordinator.Props(sweepId, settings.Coordinator.Settings(Path.GetFullPath(settings.Store.Checkpoints)), ActorRefs.Nobody));
        await coordinator.Ask<SweepState>(new CancelSweep(sweepId), TimeSpan.FromSeconds(30));
        await coordinator.GracefulStop(TimeSpan.FromSeconds(10));
        await session.Projection.CatchUpAsync([sweepId]);
    }
}
