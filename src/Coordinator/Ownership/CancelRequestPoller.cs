using Akka.Actor;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Ownership;

/// <summary>
/// In a coordinator process: carries out the cancel requests that <c>sweep cancel</c> (without
/// <c>--coordinator</c>) leaves in the store when the cluster holds the sweep's lock. Each pending
/// request goes to the broker until the read model shows the sweep ended, then is removed, so a
/// crash in between only repeats a cancel, which changes nothing the second time.
/// </summary>
public sealed class CancelRequestPoller : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public CancelRequestPoller(string database, JournalProjection projection, IActorRef broker)
    {
        ReceiveAsync<Poll>(async _ =>
        {
            foreach (var sweepId in SweepRequests.Pending(database, SweepRequests.Cancel))
            {
                await projection.CatchUpAsync([sweepId]);
                using var connection = StoreConnections.Open(database);
                if (new ReadModelReader(connection).Sweep(sweepId) is { IsRunning: true })
                    broker.Tell(new CancelSweep(sweepId));
                else
                    SweepRequests.Remove(database, sweepId, SweepRequests.Cancel);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string database, JournalProjection projection, IActorRef broker) =>
        Akka.Actor.Props.Create(() => new CancelRequestPoller(database, projection, broker));

    protected override void PreStart() => Timers.StartPeriodicTimer("poll", Poll.Instance, Interval);

    private sealed class Poll
    {
        public static readonly Poll Instance = new();
    }
}
