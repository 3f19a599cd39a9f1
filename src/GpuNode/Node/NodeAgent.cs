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
    private readonly NodePacking _packing;
    private readonly string _device;
    private readonly ITrialRunner _runner;
    private readonly IActorRef _broker;
    private readonly TimeSpan _requestInterval;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, CancellationTokenSource> _running = [];
    private readonly Queue<(INodeMessage Assignment, IActorRef Coordinator, long Need)> _backlog = new();
    private readonly SlotThreads _threads;
    private long _received;
    private int _busy;
    /// <summary>The largest estimated need of one trial seen so far (a group's divided by its members).</summary>
    private long _largestNeed;
    /// <summary>The most trials to fuse on a slot: the node's setting, halved by each group that ran out of memory.</summary>
    private int _fuse;
    private IActorRef? _drainedWaiter;

    /// <param name="packing">Fusion and packing by memory; null: one trial per slot.</param>
    public NodeAgent(string name, int slots, string device, ITrialRunner runner, IActorRef broker, TimeSpan requestInterval, NodePacking? packing = null)
    {
        _name = name;
        _slots = slots;
        _packing = packing ?? NodePacking.None;
        _fuse = _packing.MaxGroup;
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
            _packing.Memory?.Release(f.Slot);
            NodeMetrics.Occupancy(_name, _busy, _slots);
            if (_drainedWaiter is not null)
            {
                if (_busy == 0)
                    Drained(_drainedWaiter);
                return;
            }
            while (_backlog.TryPeek(out var next) && CanStart(next.Assignment, next.Need))
            {
                _backlog.Dequeue();
                Start(next.Assignment, next.Coordinator, next.Need);
            }
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
            if (_running.TryGetValue(Key(s.SweepId, s.TrialId, s.Attempt), out var token))
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
    /// Free slots; packing by memory asks for one trial at a time, and only while the largest seen so far
    /// would fit, so every grant is admitted on its own estimate.
    /// </summary>
    private int Free => _packing.Memory is { } memory
        ? (_busy < _slots && _backlog.Count == 0 && memory.Fits(_largestNeed) ? 1 : 0)
        : _slots - _busy - _backlog.Count;

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
            _broker.Tell(new RequestWork(_name, Free, _device, _received, MaxGroup));
    }

    /// <summary>The fusion setting, and when packing by memory no more members than the free memory holds (at least 1).</summary>
    private int MaxGroup => _packing.Memory is { } memory && _largestNeed > 0
        ? (int)Math.Clamp((memory.Bytes - memory.Reserved) / Math.Max(1, memory.Scaled(_largestNeed)), 1, _fuse)
        : _fuse;

    private bool CanStart(INodeMessage assignment, long need) => _busy < _slots && (_packing.Memory?.Fits(need) ?? true);

    private void Received(INodeMessage assignment)
    {
        _received++;
        if (_drainedWaiter is not null)
            return;
        var need = _packing.Memory is null ? 0 : _runner.MemoryNeed(assignment);
        _largestNeed = Math.Max(_largestNeed, need / (assignment is AssignGroup g ? g.Members.Count : 1));
        if (_backlog.Count == 0 && CanStart(assignment, need))
        {
            Start(assignment, Sender, need);
            return;
        }
        if (_packing.Memory is { } memory)
        {
            _log.Info("{Assignment} waits for memory: it needs about {Need} MB, {Reserved} of {Budget} MB are taken by {Running} trial(s)",
                Describe(assignment), Megabytes(memory.Scaled(need)), Megabytes(memory.Reserved), Megabytes(memory.Bytes), memory.Running);
        }
        else
        {
            // The broker counts what it sent against what the node received, so this is a defect's safety net.
            _log.Warning("All {Slots} slots busy: {Assignment} waits for the next free one", _slots, Describe(assignment));
        }
        _backlog.Enqueue((assignment, Sender, need));
    }

    private void Start(INodeMessage assignment, IActorRef coordinator, long need)
    {
        _busy++;
        if (_packing.Memory is { } memory)
        {
            memory.Reserve(SlotKey(assignment), need);
            _log.Info("Starting {Assignment} (about {Need} MB): {Running} trial(s) on the device, {Reserved} of {Budget} MB taken",
                Describe(assignment), Megabytes(memory.Scaled(need)), memory.Running, Megabytes(memory.Reserved), Megabytes(memory.Bytes));
        }
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
        var keys = g.Members.Select(Key).ToList();
        var cancels = g.Members.Select(_ => new CancellationTokenSource()).ToList();
        for (var i = 0; i < keys.Count; i++)
            _running[keys[i]] = cancels[i];
        var self = Self;
        var name = _name;
        var runner = _runner;
        var slot = SlotKey(g);
        var crashed = CrashReporter(g, slot, coordinator);
        var measure = _packing.UsedByTrials is not null;
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
                                ended.Add(member);
                                Report.Finished(member, name, coordinator, outcome);
                            },
                            (member, error) =>
                            {
                                ended.Add(member);
                                if (!cancels[keys.IndexOf(Key(member))].IsCancellationRequested)
                                    crashed([member], error);
                            }),
                        [.. cancels.Select(c => c.Token)]);
                }
                catch (Exception e)
                {
                    crashed([.. g.Members.Where((m, i) => !ended.Contains(m) && !cancels[i].IsCancellationRequested)], e);
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
        var judged = _packing.Memory is not null || assignment is AssignGroup;
        return (members, e) =>
        {
            if (judged && IsOutOfMemory(e))
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

    /// <summary>
    /// Beside other trials, or in a fused group, running out of memory is the packing's fault, not the
    /// trials': they go back to the queue (no retry counted) and the node packs less from then on: one
    /// trial fewer at once, half as many members a group. A trial alone: an ordinary crash.
    /// </summary>
    private void OnOutOfMemory(OutOfMemory o)
    {
        var packed = _packing.Memory is { Running: > 1 };
        var grouped = o.Members.Count > 1;
        if (packed)
            _packing.Memory!.RanOut();
        if (grouped)
            _fuse = Math.Max(1, o.Members.Count / 2);
        if (packed || grouped)
        {
            _log.Warning("Out of memory ({Error}): {Trials} go back to the queue; from now on at most {Cap} trial(s) at once and {Fuse} fused a slot",
                o.Error, string.Join(", ", o.Members.Select(m => m.TrialId)), _packing.Memory?.Cap ?? _slots, _fuse);
        }
        foreach (var m in o.Members)
            o.Coordinator.Tell(new TrialCrashed(m.SweepId, m.TrialId, m.Attempt, _name, o.Error, TrialsFault: false, OutOfMemory: packed || grouped));
    }

    /// <summary>libtorch's allocation failures: CUDA's "out of memory" and the CPU allocator's "can't allocate memory".</summary>
    private static bool IsOutOfMemory(Exception e) =>
        e is ExternalException && (e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("can't allocate memory", StringComparison.OrdinalIgnoreCase));

    private static string Key(AssignTrial a) => Key(a.SweepId, a.TrialId, a.Attempt);

    private static string Key(string sweepId, string trialId, int attempt) => $"{sweepId}/{trialId}/{attempt}";

    private static string SlotKey(INodeMessage assignment) => assignment switch
    {
        AssignGroup g => $"{g.SweepId}/group/{g.GroupId}",
        _ => Key((AssignTrial)assignment),
    };

    private static string Describe(INodeMessage assignment) => assignment switch
    {
        AssignGroup g => $"fused group {g.GroupId} ({g.Members.Count} trials)",
        AssignTrial a => $"trial {a.TrialId}",
        _ => assignment.GetType().Name,
    };

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
