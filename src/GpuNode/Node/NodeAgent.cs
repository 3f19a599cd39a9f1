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
    private readonly int _maxGroup;
    private readonly string _device;
    private readonly ITrialRunner _runner;
    private readonly IActorRef _broker;
    private readonly TimeSpan _requestInterval;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, CancellationTokenSource> _running = [];
    private readonly Queue<(INodeMessage Assignment, IActorRef Coordinator)> _backlog = new();
    private readonly SlotThreads _threads;
    private long _received;
    private int _busy;
    private IActorRef? _drainedWaiter;

    /// <param name="maxGroup">The most trials this node trains fused on one slot (1: one trial per slot).</param>
    public NodeAgent(string name, int slots, string device, ITrialRunner runner, IActorRef broker, TimeSpan requestInterval, int maxGroup = 1)
    {
        _name = name;
        _slots = slots;
        _maxGroup = maxGroup;
        _device = device;
        _runner = runner;
        _broker = broker;
        _requestInterval = requestInterval;
        _threads = new SlotThreads(slots, name);
        Receive<AssignTrial>(a => Received(a));
        Receive<AssignGroup>(g => Received(g));
        Receive<SlotFreed>(f =>
        {
            foreach (var key in f.Keys)
            {
                if (_running.Remove(key, out var token))
                    token.Dispose();
            }
            _busy--;
            NodeMetrics.Occupancy(_name, _busy, _slots);
            if (_drainedWaiter is not null)
            {
                if (_busy == 0)
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

    public static Props Props(string name, int slots, string device, ITrialRunner runner, IActorRef broker, TimeSpan requestInterval, int maxGroup = 1) =>
        Akka.Actor.Props.Create(() => new NodeAgent(name, slots, device, runner, broker, requestInterval, maxGroup));

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

    private int Free => _slots - _busy - _backlog.Count;

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
        if (_busy == 0)
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
            _broker.Tell(new RequestWork(_name, Free, _device, _received, _maxGroup));
    }

    private void Received(INodeMessage assignment)
    {
        _received++;
        if (_drainedWaiter is not null)
            return;
        if (_busy < _slots)
        {
            Start(assignment, Sender);
            return;
        }
        // The broker counts what it sent against what the node received, so this is a defect's safety net.
        _log.Warning("All {Slots} slots busy: {Assignment} waits for the next free one", _slots, assignment);
        _backlog.Enqueue((assignment, Sender));
    }

    private void Start(INodeMessage assignment, IActorRef coordinator)
    {
        _busy++;
        NodeMetrics.Occupancy(_name, _busy, _slots);
        if (assignment is AssignGroup group)
            StartGroup(group, coordinator);
        else
            StartTrial((AssignTrial)assignment, coordinator);
    }

    private void StartTrial(AssignTrial a, IActorRef coordinator)
    {
        var key = Key(a);
        var cancel = new CancellationTokenSource();
        _running[key] = cancel;
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
                    NodeMetrics.GroupSize(name, 1);
                    var outcome = runner.Run(a, epoch => Report.Epoch(a, name, coordinator, epoch), cancel.Token);
                    Report.Finished(a, name, coordinator, outcome);
                }
                catch (Exception e)
                {
                    // Caught whole: an exception leaving a slot thread would end the process. A stopped trial reports nothing.
                    if (!cancel.IsCancellationRequested)
                        Report.Crashed(a, name, coordinator, e);
                }
                finally
                {
                    self.Tell(new SlotFreed([key]));
                }
            });
    }

    /// <summary>A fused group on one slot: each member is cancelled, reported and (on a crash) retried on its own.</summary>
    private void StartGroup(AssignGroup g, IActorRef coordinator)
    {
        var keys = g.Members.Select(Key).ToList();
        var cancels = g.Members.Select(_ => new CancellationTokenSource()).ToList();
        for (var i = 0; i < keys.Count; i++)
            _running[keys[i]] = cancels[i];
        var self = Self;
        var name = _name;
        var runner = _runner;
        _threads.Run(
            () =>
            {
                var ended = new HashSet<AssignTrial>();
                try
                {
                    TrialLog.GroupStarted(g);
                    NodeMetrics.GroupSize(name, g.Members.Count);
                    runner.RunGroup(
                        g,
                        (member, epoch) =>
                        {
                            using var scope = TrialLog.Scope(member, name);
                            Report.Epoch(member, name, coordinator, epoch);
                        },
                        (member, outcome) =>
                        {
                            using var scope = TrialLog.Scope(member, name);
                            ended.Add(member);
                            Report.Finished(member, name, coordinator, outcome);
                        },
                        [.. cancels.Select(c => c.Token)]);
                }
                catch (Exception e)
                {
                    for (var i = 0; i < g.Members.Count; i++)
                    {
                        if (!ended.Contains(g.Members[i]) && !cancels[i].IsCancellationRequested)
                        {
                            using var scope = TrialLog.Scope(g.Members[i], name);
                            Report.Crashed(g.Members[i], name, coordinator, e);
                        }
                    }
                }
                finally
                {
                    self.Tell(new SlotFreed(keys));
                }
            });
    }

    private static string Key(AssignTrial a) => Key(a.SweepId, a.TrialId, a.Attempt);

    private static string Key(string sweepId, string trialId, int attempt) => $"{sweepId}/{trialId}/{attempt}";

    private sealed record SlotFreed(IReadOnlyList<string> Keys);

    /// <summary>What a slot thread tells the coordinator about one trial, and logs.</summary>
    private static class Report
    {
        public static void Epoch(AssignTrial a, string node, IActorRef coordinator, EpochMetrics epoch)
        {
            TrialLog.Epoch(epoch);
            NodeMetrics.Epoch(node, epoch);
            coordinator.Tell(new EpochDone(a.SweepId, a.TrialId, a.Attempt, node, epoch));
        }

        /// <summary>A stopped trial reports nothing: the coordinator already knows why it stopped.</summary>
        public static void Finished(AssignTrial a, string node, IActorRef coordinator, TrialOutcome outcome)
        {
            TrialLog.Finished(outcome);
            if (outcome.Status != TrialStatus.Cancelled)
                coordinator.Tell(new TrialDone(a.SweepId, a.TrialId, a.Attempt, node, outcome));
        }

        public static void Crashed(AssignTrial a, string node, IActorRef coordinator, Exception e)
        {
            TrialLog.Crashed(e);
            // libtorch's own errors are retried from the last checkpoint: they include transient ones (CUDA out of
            // memory; a garbage scalar inside Adam.step, seen in the test suite under load).
            // A deterministic one fails the trial once its retries are spent.
            coordinator.Tell(new TrialCrashed(a.SweepId, a.TrialId, a.Attempt, node, $"{e.GetType().Name}: {e.Message}", TrialsFault: e is not ExternalException));
        }
    }

    private sealed class RequestTick
    {
        public static readonly RequestTick Instance = new();
    }
}
