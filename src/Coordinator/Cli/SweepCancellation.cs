using Akka.Actor;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Ownership;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// The one way a sweep is cancelled: a cancel request is left in the store (<see cref="SweepRequests"/>)
/// and whoever runs the sweep carries it out: the embedded runner, a cluster coordinator's
/// <see cref="CancelRequestPoller"/>, or, when no process runs it, <c>sweep cancel</c> itself under the
/// sweep's lock.
/// </summary>
public static class SweepCancellation
{
    /// <summary>Carries out a pending cancel request; the caller holds the sweep's lock, so its coordinator has no other writer.</summary>
    /// <returns>Whether a request was pending.</returns>
    public static async Task<bool> CarryOutAsync(string sweepId, SweepSettings settings)
    {
        var database = settings.Store.Database;
        if (!SweepRequests.IsPending(database, sweepId, SweepRequests.Cancel))
            return false;
        await using (var session = await StoreSession.OpenAsync(database))
            await CancelHereAsync(session, sweepId, settings);
        SweepRequests.Remove(database, sweepId, SweepRequests.Cancel);
        return true;
    }

    private static async Task CancelHereAsync(StoreSession session, string sweepId, SweepSettings settings)
    {
        var coordinator = session.System.ActorOf(SweepCoordinator.Props(sweepId, CoordinatorSettings.From(settings.Coordinator, Path.GetFullPath(settings.Store.Checkpoints)), ActorRefs.Nobody));
        await coordinator.Ask<SweepState>(new CancelSweep(sweepId), TimeSpan.FromSeconds(30));
        await coordinator.GracefulStop(TimeSpan.FromSeconds(10));
        await session.Projection.CatchUpAsync([sweepId]);
    }
}
