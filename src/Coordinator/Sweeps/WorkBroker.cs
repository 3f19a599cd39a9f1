using System.Runtime.ExceptionServices;
using Akka.Actor;
using Akka.Event;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>Start (or resume) the sweep coordinator of <paramref name="SweepId"/> under the broker.</summary>
public sealed record OpenSweep(string SweepId);

/// <summary>Sweeps to resume when the broker starts (the cluster's broker takes over every unfinished sweep).</summary>
public sealed record OpenSweeps(IReadOnlyList<string> SweepIds);

/// <summary>
/// Matches work pulled by nodes with sweeps that have queued trials: a node says how many slots are
/// free, the broker asks sweep coordinators for that many leases and hands each grant to the node
/// (a grant fills one slot: one trial, or a group of trials to train fused when the node takes groups).
/// What is owed to whom is kept in <see cref="DemandLedger{TNode}"/>; the broker carries its messages.
/// A node that leaves (or dies) has its leases given back by every sweep; a death counts as a retry of
/// its trials, a leave does not. A sweep runs under its lock, taken off the actor: messages for a sweep
/// whose lock is being taken wait for it.
/// </summary>
public sealed class WorkBroker : ReceiveActor, IWithTimers
{
    /// <summary>How soon a sweep whose lock another process holds is tried again.</summary>
    private static readonly TimeSpan OwnRetry = TimeSpan.FromSeconds(5);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CoordinatorSettings _settings;
    private readonly DemandLedger<IActorRef> _ledger = new();
    private readonly Dictionary<string, IActorRef> _coordinators = [];
    private readonly Func<Task<IReadOnlyList<string>>>? _unfinished;
    private readonly Func<string, Task<IDisposable?>>? _own;
    private readonly Dictionary<string, IDisposable> _owned = [];
    /// <summary>Sweeps whose lock is being taken, and the messages for each that wait until it is (or is not).</summary>
    private readonly Dictionary<string, (Task<IDisposable?> Lock, List<(object Message, IActorRef Sender)> Waiting)> _opening = [];

    /// <param name="unfinished">Where to find the sweeps to resume at start; null when a runner opens its own sweep.</param>
    /// <param name="own">
    /// Takes a sweep's lock (null while another process holds it), so the cluster never runs a sweep
    /// that an embedded run or a cancel is writing; null when the runner holds its sweep's lock itself.
    /// </param>
    public WorkBroker(CoordinatorSettings settings, Func<Task<IReadOnlyList<string>>>? unfinished = null, Func<string, Task<IDisposable?>>? own = null)
    {
        _settings = settings;
        _unfinished = unfinished;
        _own = own;
        Receive<OpenSweep>(o => ToSweep(o.SweepId, o));
        Receive<OpenSweeps>(o =>
        {
            foreach (var id in o.SweepIds)
                ToSweep(id, null);
        });
        Receive<Status.Failure>(f => throw new InvalidOperationException("Could not list the unfinished sweeps to resume", f.Cause));
        Receive<SubmitSweep>(s => ToSweep(s.SweepId, s));
        Receive<CancelSweep>(c => ToSweep(c.SweepId, c));
        Receive<ResumeSweep>(r => ToSweep(r.SweepId, r));
        Receive<AcceptChangedData>(a => ToSweep(a.SweepId, a));
        Receive<LockAnswered>(Answered);
        Receive<LockFailed>(f =>
        {
            if (!IsUnderWay(f.SweepId, f.Taking))
                return;
            _opening.Remove(f.SweepId);
            // The lock's own error, as when it was taken on the actor: the supervisor decides as before.
            ExceptionDispatchInfo.Capture(f.Cause).Throw();
        });
        Receive<RequestWork>(DemandLedger<IActorRef>.IsMalformed, r =>
            _log.Warning("Ignored a work request from {0}: {1} free slot(s) under the name '{2}'", Sender.Path.Address, r.FreeSlots, r.Node));
        Receive<RequestWork>(r =>
        {
            if (_ledger.Requested(Sender, r))
                Context.Watch(Sender);
            Dispatch();
        });
        Receive<QueueChanged>(q =>
        {
            _ledger.QueueChanged(q.SweepId, q.Queued);
            Dispatch();
        });
        Receive<LeaseGranted>(g =>
        {
            if (_ledger.TryGrant(g.Node, out var node))
                node.Tell(g.Assignment, Sender);
        });
        Receive<NoWork>(n =>
        {
            _ledger.NoWork(n.SweepId, n.Node);
            Dispatch();
        });
        Receive<NodeLeaving>(l =>
        {
            if (!_ledger.IsNamed(Sender, l.Node))
                return;
            Context.Unwatch(Sender);
            Release(Sender, "node left", countsAsRetry: false);
        });
        Receive<Terminated>(t => Release(t.ActorRef, "node stopped", countsAsRetry: true));
        Receive<GetNodes>(_ => Sender.Tell(new NodesResponse(_ledger.Nodes())));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(CoordinatorSettings settings, Func<Task<IReadOnlyList<string>>>? unfinished = null, Func<string, Task<IDisposable?>>? own = null) =>
        Akka.Actor.Props.Create(() => new WorkBroker(settings, unfinished, own));

    protected override void PreStart() =>
        _unfinished?.Invoke().PipeTo(Self, success: ids => new OpenSweeps(ids));

    protected override void PostStop()
    {
        foreach (var held in _owned.Values)
            held.Dispose();
        // A lock still being taken is let go once it is: no later incarnation will claim it.
        foreach (var (taking, _) in _opening.Values)
            taking.ContinueWith(t => t.Result?.Dispose(), TaskContinuationOptions.OnlyOnRanToCompletion);
    }

    /// <summary>Hands <paramref name="message"/> (null: none, only open it) to the sweep's coordinator, opening the sweep first if need be.</summary>
    private void ToSweep(string sweepId, object? message)
    {
        if (_coordinators.TryGetValue(sweepId, out var coordinator))
        {
            Hand(message, coordinator, Sender);
            return;
        }
        if (_opening.TryGetValue(sweepId, out var opening))
        {
            if (message is not null)
                opening.Waiting.Add((message, Sender));
            return;
        }
        if (_own is null)
        {
            Hand(message, Open(sweepId), Sender);
            return;
        }
        var taking = _own(sweepId);
        _opening[sweepId] = (taking, message is null ? [] : [(message, Sender)]);
        taking.PipeTo(Self, success: held => new LockAnswered(sweepId, taking, held),
            failure: e => new LockFailed(sweepId, taking, e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e));
    }

    /// <summary>Whether an answer is about the attempt under way, not an earlier incarnation's (whose PostStop lets its lock go).</summary>
    private bool IsUnderWay(string sweepId, Task<IDisposable?> taking) => _opening.TryGetValue(sweepId, out var opening) && opening.Lock == taking;

    private void Answered(LockAnswered answer)
    {
        if (!IsUnderWay(answer.SweepId, answer.Taking))
            return;
        _opening.Remove(answer.SweepId, out var opening);
        IActorRef? coordinator = null;
        if (answer.Held is { } held)
        {
            _owned[answer.SweepId] = held;
            coordinator = Open(answer.SweepId);
        }
        else
        {
            _log.Warning("Sweep {0} is being run or cancelled by another process; trying again in {1} s", answer.SweepId, OwnRetry.TotalSeconds);
            Timers.StartSingleTimer("own-" + answer.SweepId, new OpenSweeps([answer.SweepId]), OwnRetry);
        }
        foreach (var (message, sender) in opening.Waiting)
            Hand(message, coordinator, sender);
    }

    /// <summary>What each message for a sweep becomes; a sweep another process holds gets nothing, and an <see cref="OpenSweep"/> is answered with no coordinator.</summary>
    private static void Hand(object? message, IActorRef? coordinator, IActorRef sender)
    {
        switch (message)
        {
            case OpenSweep:
                sender.Tell(coordinator ?? ActorRefs.Nobody);
                break;
            case ResumeSweep r:
                coordinator?.Tell(new RetryFailedTrials(r.SweepId), sender);
                break;
            case not null:
                coordinator?.Tell(message, sender);
                break;
        }
    }

    private IActorRef Open(string sweepId)
    {
        var child = Context.ActorOf(SweepCoordinator.Props(sweepId, _settings, Self), "sweep-" + Uri.EscapeDataString(sweepId));
        _coordinators[sweepId] = child;
        _ledger.Opened(sweepId);
        return child;
    }

    /// <summary>Every sweep gives back the node's leases; its trials run again as new attempts.</summary>
    private void Release(IActorRef node, string reason, bool countsAsRetry)
    {
        foreach (var release in _ledger.Release(node, reason, countsAsRetry))
            _coordinators[release.SweepId].Tell(release);
    }

    private void Dispatch()
    {
        foreach (var lease in _ledger.Dispatch())
            _coordinators[lease.SweepId].Tell(lease);
    }

    /// <param name="Taking">Which attempt answered: only the one under way counts.</param>
    /// <param name="Held">The sweep's lock; null while another process holds it.</param>
    private sealed record LockAnswered(string SweepId, Task<IDisposable?> Taking, IDisposable? Held);

    private sealed record LockFailed(string SweepId, Task<IDisposable?> Taking, Exception Cause);
}
