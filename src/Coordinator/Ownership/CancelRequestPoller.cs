using System.Runtime.ExceptionServices;
using Akka.Actor;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Ownership;

/// <summary>
/// In a coordinator process: carries out the cancel requests that <c>sweep cancel</c> (without
/// <c>--coordinator</c>) leaves in the store when the cluster holds the sweep's lock. Each pending
/// request goes to the broker until the read model shows the sweep ended, then is removed, so a
/// crash in between only repeats a cancel, which changes nothing the second time. The store is read
/// off the actor, one poll at a time, and the result piped back; a failure fails the actor with the
/// store's own error, as before.
/// </summary>
public sealed class CancelRequestPoller : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    /// <summary>The poll under way; ticks while one is are skipped, so a slow store never piles polls up.</summary>
    private object? _polling;

    public CancelRequestPoller(string database, JournalProjection projection, IActorRef broker)
    {
        Receive<Poll>(_ =>
        {
            if (_polling is not null)
                return;
            var poll = _polling = new object();
            StillRunningAsync(database, projection).PipeTo(Self,
                success: sweeps => new Polled(poll, sweeps),
                failure: e => new PollFailed(poll, e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e));
        });
        Receive<Polled>(p => p.Poll == _polling, p =>
        {
            _polling = null;
            foreach (var sweepId in p.ToCancel)
                broker.Tell(new CancelSweep(sweepId));
        });
        Receive<PollFailed>(f => f.Poll == _polling, f => ExceptionDispatchInfo.Capture(f.Cause).Throw());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string database, JournalProjection projection, IActorRef broker) =>
        Akka.Actor.Props.Create(() => new CancelRequestPoller(database, projection, broker));

    protected override void PreStart() => Timers.StartPeriodicTimer("poll", Poll.Instance, Interval);

    /// <summary>The sweeps with a pending cancel that still run; the requests of those that ended are removed.</summary>
    private static async Task<IReadOnlyList<string>> StillRunningAsync(string database, JournalProjection projection)
    {
        var running = new List<string>();
        foreach (var sweepId in await SweepRequests.PendingAsync(database, SweepRequests.Cancel))
        {
            await projection.CatchUpAsync([sweepId]);
            if (await Task.Run(() => IsRunning(database, sweepId)))
                running.Add(sweepId);
            else
                await SweepRequests.RemoveAsync(database, sweepId, SweepRequests.Cancel);
        }
        return running;
    }

    /// <summary>The read model's reader is synchronous: it runs on the thread pool.</summary>
    private static bool IsRunning(string database, string sweepId)
    {
        using var connection = StoreConnections.Open(database);
        return new ReadModelReader(connection).Sweep(sweepId) is { IsRunning: true };
    }

    private sealed class Poll
    {
        public static readonly Poll Instance = new();
    }

    private sealed record Polled(object Poll, IReadOnlyList<string> ToCancel);

    private sealed record PollFailed(object Poll, Exception Cause);
}
