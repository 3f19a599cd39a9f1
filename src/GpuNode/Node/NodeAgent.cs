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
    private readonly NodePacking _packing;
    private readonly string _device;
    private readonly ITrialRunner _runner;
    private readonly IActorRef _broker;
    private readonly TimeSpan _requestInterval;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, CancellationTokenSource> _running = [];
    private readonly SlotAdmission _admission;
    private readonly SlotThreads _threads;
    private long _received;
    private IActorRef? _drainedWaiter;

    /// <param name="packing">Fusion and packing by memory; null: one trial per slot.</param>
    public NodeAgent(string name, int slots, string device, ITrialRunner runner, IActorRef broker, TimeSpan requestInterval, NodePacking? packing = null)
    {
        _name = name;
        _slots = slots;
        _packing = packing ?? NodePacking.None;
        _admission = new SlotAdmission(slots, _packing.Memory, _packing.MaxGroup);
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
            _admission.Freed(f.Slot);
            NodeMetrics.Occupancy(_name, _admission.Busy, _slots);
            if (_drainedWaiter is not null)
            {
                if (_admission.Busy == 0)
                    Drained(_drainedWaiter);
                return;
            }
            while (_admission.TryStartWaiting(out var next))
                Start(next);
            RequestWork();
        });
        Receive<OutOfMemory>(OnOutOfMemory);
        Receive<MeasureMemory>(_ =>
        {
            if (_packing.UsedByTrials is { } used)
                _packing.Memory?.Measured(used());
        });
        Receive<DrainNode>(_ => Drain(Sender));
        Receive<StopTrial>(s =>
        {
            if (_running.TryGetValue(AssignmentKeys.Trial(s.SweepId, s.TrialId, s.Attempt), out var token))
                token.Cancel();
        });
        Receive<RequestTick>(_ => RequestWork());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string name, int slots, string device, ITrialRunner runner, IActorRef broker, TimeSpan requestInterval, NodePacking? packing = null) =>
        Akka.Actor.Props.Create(() => new NodeAgent(name, slots, device, runner, broker, requestInterval, packing));

    protected override void PreStart()
    {
        NodeMetrics.Started(_name, _slots);
        Timers.StartPeriodicTimer("request-work", RequestTick.Instance, _requestInterval);
        RequestWork();
    }

    protected override void PostStop()
    {
        foreach (var token in _running.Values)
            token.Cancel();
        _threads.Dispose();
    }

    /// <summary>
    /// Cancels every trial and waits for their threads: a process must not exit while a thread is
    /// inside native training code (that ends in a segmentation fault). Then the broker is told the
    /// node leaves, so it gives their leases back (and if that message is lost, when it sees the node go).
    /// </summary>
    private void Drain(IActorRef waiter)
    {
        _drainedWaiter = waiter;
        Timers.CancelAll();
        _admission.ClearBacklog();
        foreach (var token in _running.Values)
            token.Cancel();
        if (_admission.Busy == 0)
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
        if (_drainedWaiter is null && _admission.Free is var free and > 0)
            _broker.Tell(new RequestWork(_name, free, _device, _received, _admission.MaxGroup, _slots, _packing.UsedByTrials?.Invoke() ?? Environment.WorkingSet, _packing.Memory?.Bytes));
    }

    private void Received(INodeMessage assignment)
    {
        _received++;
        if (_drainedWaiter is not null)
            return;
        var offered = new WaitingAssignment(assignment, Sender, _packing.Memory is null ? 0 : _runner.MemoryNeed(assignment));
        if (_admission.Offer(offered))
        {
            Start(offered);
            return;
        }
        if (_packing.Memory is { } memory)
        {
            _log.Info("{Assignment} waits for memory: it needs about {Need} MB, {Reserved} of {Budget} MB are taken by {Running} trial(s)",
                AssignmentKeys.Describe(assignment), Megabytes(memory.Scaled(offered.Need)), Megabytes(memory.Reserved), Megabytes(memory.Bytes), memory.Running);
        }
        else
        {
            // The broker counts what it sent against what the node received, so this is a defect's safety net.
            _log.Warning("All {Slots} slots busy: {Assignment} waits for the next free one", _slots, AssignmentKeys.Describe(assignment));
        }
    }

    /// <summary>Trains an assignment that <see cref="SlotAdmission"/> admitted (its slot and memory already taken).</summary>
    private void Start(WaitingAssignment admitted)
    {
        var (assignment, coordinator, need) = admitted;
        if (_packing.Memory is { } memory)
        {
            _log.Info("Starting {Assignment} (about {Need} MB): {Running} trial(s) on the device, {Reserved} of {Budget} MB taken",
                AssignmentKeys.Describe(assignment), Megabytes(memory.Scaled(need)), memory.Running, Megabytes(memory.Reserved), Megabytes(memory.Bytes));
        }
        NodeMetrics.Occupancy(_name, _admission.Busy, _slots);
        if (assignment is AssignGroup group)
            StartGroup(group, coordinator);
        else
            StartTrial((AssignTrial)assignment, coordinator);
    }

    private void StartTrial(AssignTrial a, IActorRef coordinator)
    {
        var key = AssignmentKeys.Trial(a);
        var cancel = new CancellationTokenSource();
        _running[key] = cancel;
        var self = Self;
        var name = _name;
        var runner = _runner;
        var crashed = CrashReporter(a, key, coordinator);
        var measure = _packing.UsedByTrials is not null;
        _threads.Run(
            () =>
            {
                using var scope = TrialLog.Scope(a, name);
                try
                {
                    TrialLog.Started(a);
                    NodeMetrics.GroupSize(name, 1);
                    var outcome = runner.Run(a, epoch =>
                    {
                        Report.Epoch(a, name, coordinator, epoch);
                        if (measure)
                            self.Tell(MeasureMemory.Instance);
                    }, cancel.Token);
                    Report.Finished(a, name, coordinator, outcome);
                }
                catch (Exception e)
                {
                    // Caught whole: an exception leaving a slot thread would end the process. A stopped trial reports nothing.
                    if (!cancel.IsCancellationRequested)
                        crashed([a], e);
                }
                finally
                {
                    self.Tell(new SlotFreed(key, [key]));
                }
            });
    }

    /// <summary>A fused group on one slot: each member is cancelled, reported and (on a crash) retried on its own.</summary>
    private void StartGroup(AssignGroup g, IActorRef coordinator)
    {
        var progress = new FusedGroupProgress(g);
        var keys = progress.Keys;
        var cancels = g.Members.Select(_ => new CancellationTokenSource()).ToList();
        for (var i = 0; i < keys.Count; i++)
            _running[keys[i]] = cancels[i];
        var self = Self;
        var name = _name;
        var runner = _runner;
        var slot = AssignmentKeys.Slot(g);
        var crashed = CrashReporter(g, slot, coordinator);
        var measure = _packing.UsedByTrials is not null;
        _threads.Run(
            () =>
            {
                try
                {
                    TrialLog.GroupStarted(g);
                    NodeMetrics.GroupSize(name, g.Members.Count);
                    runner.RunGroup(
                        g,
                        new GroupReports(
                            (member, epoch) =>
                            {
                                using var scope = TrialLog.Scope(member, name);
                                Report.Epoch(member, name, coordinator, epoch);
                                if (measure)
                                    self.Tell(MeasureMemory.Instance);
                            },
                            (member, outcome) =>
                            {
                                using var scope = TrialLog.Scope(member, name);
                                progress.Ended(member);
                                Report.Finished(member, name, coordinator, outcome);
                            },
                            (member, error) =>
                            {
                                progress.Ended(member);
                                if (!cancels[progress.IndexOf(member)].IsCancellationRequested)
                                    crashed([member], error);
                            }),
                        [.. cancels.Select(c => c.Token)]);
                }
                catch (Exception e)
                {
                    crashed(progress.Unreported(i => cancels[i].IsCancellationRequested), e);
                }
                finally
                {
                    self.Tell(new SlotFreed(slot, keys));
                }
            });
    }

    /// <summary>
    /// How a slot thread reports trials that crashed: running out of memory while packing by memory or
    /// training a fused group goes to the node to judge (<see cref="OnOutOfMemory"/>); anything else to the coordinator.
    /// </summary>
    private Action<IReadOnlyList<AssignTrial>, Exception> CrashReporter(INodeMessage assignment, string slot, IActorRef coordinator)
    {
        var self = Self;
        var name = _name;
        var judged = OutOfMemoryPolicy.NodeJudges(_packing.Memory is not null, assignment);
        return (members, e) =>
        {
            if (judged && OutOfMemoryPolicy.IsOutOfMemory(e))
            {
                self.Tell(new OutOfMemory(slot, members, coordinator, $"{e.GetType().Name}: {e.Message}"));
                return;
            }
            foreach (var member in members)
            {
                using var scope = TrialLog.Scope(member, name);
                Report.Crashed(member, name, coordinator, e);
            }
        };
    }

    /// <summary>Applies <see cref="OutOfMemoryPolicy"/>'s verdict to the packing, and reports the trials.</summary>
    private void OnOutOfMemory(OutOfMemory o)
    {
        var verdict = OutOfMemoryPolicy.Judge(_packing.Memory?.Running ?? 0, o.Members.Count, _admission.Fuse);
        if (verdict.BesideOthers)
            _packing.Memory!.RanOut();
        _admission.LimitFusion(verdict.Fuse);
        if (verdict.PackingsFault)
        {
            _log.Warning("Out of memory ({Error}): {Trials} go back to the queue; from now on at most {Cap} trial(s) at once and {Fuse} fused a slot",
                o.Error, string.Join(", ", o.Members.Select(m => m.TrialId)), _packing.Memory?.Cap ?? _slots, _admission.Fuse);
        }
        foreach (var m in o.Members)
            o.Coordinator.Tell(new TrialCrashed(m.SweepId, m.TrialId, m.Attempt, _name, o.Error, TrialsFault: false, OutOfMemory: verdict.PackingsFault));
    }

    private static long Megabytes(long bytes) => bytes >> 20;

    /// <param name="Slot">The slot's key: its trial's, or its group's.</param>
    private sealed record SlotFreed(string Slot, IReadOnlyList<string> Keys);

    private sealed record OutOfMemory(string Slot, IReadOnlyList<AssignTrial> Members, IActorRef Coordinator, string Error);

    private sealed class MeasureMemory
    {
        public static readonly MeasureMemory Instance = new();
    }

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
            // The environment's failures are retried from the last checkpoint; a deterministic one fails the trial once its retries are spent.
            coordinator.Tell(new TrialCrashed(a.SweepId, a.TrialId, a.Attempt, node, $"{e.GetType().Name}: {e.Message}", TrialsFault: FailureCause.IsTrialsFault(e)));
        }
    }

    private sealed class RequestTick
    {
        public static readonly RequestTick Instance = new();
    }
}
