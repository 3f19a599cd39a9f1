using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Event;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;

namespace SweepCluster.GpuNode.Node;

/// <summary>Stop every trial and take no more; answered with <see cref="NodeDrained"/> once all training threads have returned.</summary>
public sealed record DrainNode;

public sealed record NodeDrained;

/// <summary>
/// A GPU node with a fixed number of slots. It pulls work (announcing its free slots when it starts,
/// whenever a slot frees, and on a timer, since a request may be lost), trains each assignment on its slot's
/// thread outside the actor dispatcher, and reports every epoch and the outcome to the
/// sweep coordinator that assigned it. A trial stopped by shutdown reports nothing: its lease is
/// given back and it resumes from its last checkpoint elsewhere.
/// </summary>
public sealed class NodeAgent : ReceiveActor, IWithTimers
{
    private readonly string _name;
    private readonly int _slots;
    private readonly string _device;
    private readonly ITrialRunner _runner;
    private readonly IActorRef _broker;
    private readonly TimeSpan _requestInterval;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, CancellationTokenSource> _running = [];
    private readonly Queue<(AssignTrial Assignment, IActorRef Coordinator)> _backlog = new();
    private readonly SlotThreads _threads;
    private long _received;
    private IActorRef? _drainedWaiter;

    public NodeAgent(string name, int slots, string device, ITrialRunner runner, IActorRef broker, TimeSpan requestInterval)
    {
        _name = name;
        _slots = slots;
        _device = device;
        _runner = runner;
        _broker = broker;
        _requestInterval = requestInterval;
        _threads = new SlotThreads(slots, name);
        Receive<AssignTrial>(a =>
        {
            _received++;
            if (_drainedWaiter is null)
                Accept(a, Sender);
        });
        Receive<SlotFreed>(f =>
        {
            if (_running.Remove(f.Key, out var token))
                token.Dispose();
            NodeMetrics.Occupancy(_name, _running.Count, _slots);
            if (_drainedWaiter is not null)
            {
                if (_running.Count == 0)
                    Drained(_drainedWaiter);
                return;
            }
            if (_backlog.TryDequeue(out var next))
                Start(next.Assignment, next.Coordinator);
            RequestWork();
        });
        Receive<DrainNode>(_ => Drain(Sender));
        Receive<StopTrial>(s =>
        {
            if (_running.TryGetValue(Key(s.SweepId, s.TrialId, s.Attempt), out var token))
                token.Cancel();
        });
        Receive<RequestTick>(_ => RequestWork());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string name, int slots, string device, ITrialRunner runner, IActorRef broker, TimeSpan requestInterval) =>
        Akka.Actor.Props.Create(() => new NodeAgent(name, slots, device, runner, broker, requestInterval));

    protected override void PreStart()
    {
        NodeMetrics.Occupancy(_name, 0, _slots);
        Timers.StartPeriodicTimer("request-work", RequestTick.Instance, _requestInterval);
        RequestWork();
    }

    protected override void PostStop()
    {
        foreach (var token in _running.Values)
            token.Cancel();
        _threads.Dispose();
    }

    private int Free => _slots - _running.Count - _backlog.Count;

    /// <summary>
    /// Cancels every trial and waits for their threads: a process must not exit while a thread is
    /// inside native training code (that ends in a segmentation fault). Then the broker is told the
    /// node leaves, so it gives their leases back (and if that message is lost, when it sees the node go).
    /// </summary>
    private void Drain(IActorRef waiter)
    {
        _drainedWaiter = waiter;
        Timers.CancelAll();
        _backlog.Clear();
        foreach (var token in _running.Values)
            token.Cancel();
        if (_running.Count == 0)
            Drained(waiter);
    }

    /// <summary>Only now may the leases go back: a trial resumed elsewhere must not race this node's last checkpoint write.</summary>
    private void Drained(IActorRef waiter)
    {
        _broker.Tell(new NodeLeaving(_name));
        waiter.Tell(new NodeDrained());
    }

    private void RequestWork()
    {
        if (_drainedWaiter is null && Free > 0)
            _broker.Tell(new RequestWork(_name, Free, _device, _received));
    }

    private void Accept(AssignTrial assignment, IActorRef coordinator)
    {
        if (_running.Count < _slots)
        {
            Start(assignment, coordinator);
            return;
        }
        // The broker counts what it sent against what the node received, so this is a defect's safety net.
        _log.Warning("All {Slots} slots busy: trial {TrialId} waits for the next free one", _slots, assignment.TrialId);
        _backlog.Enqueue((assignment, coordinator));
    }

    private void Start(AssignTrial a, IActorRef coordinator)
    {
        var key = Key(a.SweepId, a.TrialId, a.Attempt);
        var cancel = new CancellationTokenSource();
        _running[key] = cancel;
        NodeMetrics.Occupancy(_name, _running.Count, _slots);
        var self = Self;
        var name = _name;
        var runner = _runner;
        _threads.Run(
            () =>
            {
                using var scope = TrialLog.Scope(a, name);
                try
                {
                    TrialLog.Started(a);
                    var outcome = runner.Run(a, epoch =>
                    {
                        TrialLog.Epoch(epoch);
                        NodeMetrics.Epoch(name, epoch);
                        coordinator.Tell(new EpochDone(a.SweepId, a.TrialId, a.Attempt, name, epoch));
                    }, cancel.Token);
                    TrialLog.Finished(outcome);
                    if (outcome.Status != TrialStatus.Cancelled)
                        coordinator.Tell(new TrialDone(a.SweepId, a.TrialId, a.Attempt, name, outcome));
                }
                catch (Exception e)
                {
                    // Caught whole: an exception leaving a slot thread would end the process. A stopped trial reports nothing.
                    if (!cancel.IsCancellationRequested)
                    {
                        TrialLog.Crashed(e);
                        // libtorch's own errors are retried from the last checkpoint: they include transient ones (CUDA out of
                        // memory; a garbage scalar inside Adam.step, seen in the test suite under load).
                        // A deterministic one fails the trial once its retries are spent.
                        coordinator.Tell(new TrialCrashed(a.SweepId, a.TrialId, a.Attempt, name, $"{e.GetType().Name}: {e.Message}", TrialsFault: e is not ExternalException));
                    }
                }
                finally
                {
                    self.Tell(new SlotFreed(key));
                }
            });
    }

    private static string Key(string sweepId, string trialId, int attempt) => $"{sweepId}/{trialId}/{attempt}";

    private sealed record SlotFreed(string Key);

    private sealed class RequestTick
    {
        public static readonly RequestTick Instance = new();
    }
}
