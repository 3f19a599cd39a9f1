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
/// Nothing is sent to a node beyond the free slots it announced: leases still being asked for, and
/// grants sent that the node had not received when it last asked, count against its free slots,
/// so repeated or crossing requests never over-assign. A node that leaves (or dies) has its leases
/// given back by every sweep; a death counts as a retry of its trials, a leave does not.
/// </summary>
public sealed class WorkBroker : ReceiveActor, IWithTimers
{
    /// <summary>How soon a sweep whose lock another process holds is tried again.</summary>
    private static readonly TimeSpan OwnRetry = TimeSpan.FromSeconds(5);
    /// <summary>More slots than any machine has: a request claiming them is malformed.</summary>
    private const int MaxSlots = 1024;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CoordinatorSettings _settings;
    private readonly Dictionary<string, (IActorRef Ref, int Queued)> _sweeps = [];
    private readonly Dictionary<string, NodeDemand> _nodes = [];
    private readonly Dictionary<IActorRef, string> _nodeNames = [];
    private readonly Func<Task<IReadOnlyList<string>>>? _unfinished;
    private readonly Func<string, IDisposable?>? _own;
    private readonly Dictionary<string, IDisposable> _owned = [];

    /// <param name="unfinished">Where to find the sweeps to resume at start; null when a runner opens its own sweep.</param>
    /// <param name="own">
    /// Takes a sweep's lock (null while another process holds it), so the cluster never runs a sweep
    /// that an embedded run or a cancel is writing; null when the runner holds its sweep's lock itself.
    /// </param>
    public WorkBroker(CoordinatorSettings settings, Func<Task<IReadOnlyList<string>>>? unfinished = null, Func<string, IDisposable?>? own = null)
    {
        _settings = settings;
        _unfinished = unfinished;
        _own = own;
        Receive<OpenSweep>(o => Sender.Tell(Open(o.SweepId) ?? ActorRefs.Nobody));
        Receive<OpenSweeps>(o =>
        {
            foreach (var id in o.SweepIds)
                Open(id);
        });
        Receive<Status.Failure>(f => throw new InvalidOperationException("Could not list the unfinished sweeps to resume", f.Cause));
        Receive<SubmitSweep>(s => Open(s.SweepId)?.Forward(s));
        Receive<CancelSweep>(c => Open(c.SweepId)?.Forward(c));
        Receive<ResumeSweep>(r => Open(r.SweepId)?.Forward(new RetryFailedTrials(r.SweepId)));
        Receive<RequestWork>(r => r.FreeSlots is < 0 or > MaxSlots || string.IsNullOrWhiteSpace(r.Node), r =>
            _log.Warning("Ignored a work request from {0}: {1} free slot(s) under the name '{2}'", Sender.Path.Address, r.FreeSlots, r.Node));
        Receive<RequestWork>(Demand);
        Receive<QueueChanged>(q =>
        {
            if (_sweeps.TryGetValue(q.SweepId, out var sweep))
                _sweeps[q.SweepId] = (sweep.Ref, q.Queued);
            Dispatch();
        });
        Receive<LeaseGranted>(g =>
        {
            if (!_nodes.TryGetValue(g.Node, out var node))
                return; // the node died meanwhile: its leases are being given back
            node.Ref.Tell(g.Assignment, Sender);
            _nodes[g.Node] = node with { Asked = node.Asked - 1, Sent = node.Sent + 1 };
        });
        Receive<NoWork>(n =>
        {
            if (_sweeps.TryGetValue(n.SweepId, out var sweep))
                _sweeps[n.SweepId] = (sweep.Ref, 0);
            if (_nodes.TryGetValue(n.Node, out var node))
                _nodes[n.Node] = node with { Asked = node.Asked - 1 };
            Dispatch();
        });
        Receive<NodeLeaving>(l =>
        {
            if (_nodeNames.GetValueOrDefault(Sender) != l.Node)
                return;
            Context.Unwatch(Sender);
            Release(Sender, "node left", countsAsRetry: false);
        });
        Receive<Terminated>(t => Release(t.ActorRef, "node stopped", countsAsRetry: true));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(CoordinatorSettings settings, Func<Task<IReadOnlyList<string>>>? unfinished = null, Func<string, IDisposable?>? own = null) =>
        Akka.Actor.Props.Create(() => new WorkBroker(settings, unfinished, own));

    protected override void PreStart() =>
        _unfinished?.Invoke().PipeTo(Self, success: ids => new OpenSweeps(ids));

    protected override void PostStop()
    {
        foreach (var held in _owned.Values)
            held.Dispose();
    }

    /// <returns>The sweep's coordinator, or null while another process holds the sweep (tried again later).</returns>
    private IActorRef? Open(string sweepId)
    {
        if (_sweeps.TryGetValue(sweepId, out var sweep))
            return sweep.Ref;
        if (_own is not null)
        {
            if (_own(sweepId) is not { } held)
            {
                _log.Warning("Sweep {0} is being run or cancelled by another process; trying again in {1} s", sweepId, OwnRetry.TotalSeconds);
                Timers.StartSingleTimer("own-" + sweepId, new OpenSweeps([sweepId]), OwnRetry);
                return null;
            }
            _owned[sweepId] = held;
        }
        var child = Context.ActorOf(SweepCoordinator.Props(sweepId, _settings, Self), "sweep-" + Uri.EscapeDataString(sweepId));
        _sweeps[sweepId] = (child, 0);
        return child;
    }

    private void Demand(RequestWork request)
    {
        if (!_nodeNames.ContainsKey(Sender))
        {
            Context.Watch(Sender);
            _nodeNames[Sender] = request.Node;
        }
        // The node's latest count replaces the old one: requests repeat on a timer, so duplicates are normal.
        // A new incarnation of a node (another actor under the same name) starts counting afresh.
        // Assignments it received before this broker knew it (a broker restarted or moved) are not this broker's to count.
        var known = _nodes.GetValueOrDefault(request.Node) is { } n && n.Ref.Equals(Sender) ? n : new NodeDemand(Sender, 0, request.Received, request.Received, 0, 1);
        _nodes[request.Node] = known with { Ref = Sender, Free = request.FreeSlots, Received = Math.Max(known.Received, request.Received), MaxGroup = Math.Clamp(request.MaxGroup, 1, MaxSlots) };
        Dispatch();
    }

    /// <summary>Every sweep gives back the node's leases; its trials run again as new attempts.</summary>
    private void Release(IActorRef node, string reason, bool countsAsRetry)
    {
        if (!_nodeNames.Remove(node, out var name))
            return;
        if (_nodes.TryGetValue(name, out var demand) && demand.Ref.Equals(node))
            _nodes.Remove(name);
        foreach (var (id, sweep) in _sweeps)
            sweep.Ref.Tell(new ReleaseNode(id, name, reason, countsAsRetry));
    }

    /// <summary>Asks for one lease per wanted slot, spreading nodes over the sweeps that have work.</summary>
    private void Dispatch()
    {
        foreach (var (name, node) in _nodes.ToList())
        {
            var wanted = node.Wanted;
            var asked = 0;
            foreach (var (id, sweep) in _sweeps.Where(s => s.Value.Queued > 0).ToList())
            {
                var asks = Math.Min(wanted, sweep.Queued);
                for (var i = 0; i < asks; i++)
                    sweep.Ref.Tell(new LeaseTrial(id, name, node.MaxGroup));
                _sweeps[id] = (sweep.Ref, sweep.Queued - asks);
                wanted -= asks;
                asked += asks;
            }
            _nodes[name] = node with { Asked = node.Asked + asked };
        }
    }

    /// <param name="Free">Free slots at the node's last request.</param>
    /// <param name="Received">Assignments the node had received at its last request.</param>
    /// <param name="Sent">Assignments forwarded to the node.</param>
    /// <param name="Asked">Leases asked of sweep coordinators for the node and not yet answered.</param>
    /// <param name="MaxGroup">The most trials the node trains fused on one slot: each lease may grant that many.</param>
    private sealed record NodeDemand(IActorRef Ref, int Free, long Received, long Sent, int Asked, int MaxGroup)
    {
        public int Wanted => Math.Max(0, Free - (int)(Sent - Received) - Asked);
    }
}
