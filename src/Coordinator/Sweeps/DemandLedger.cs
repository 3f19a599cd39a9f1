using System.Diagnostics.CodeAnalysis;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>
/// The work broker's books: how many trials each sweep has queued, and how many each node still wants.
/// A node's latest request says how many slots are free; leases still being asked for, and grants sent
/// that the node had not received when it last asked, count against them, so repeated or crossing
/// requests never over-assign. <see cref="Dispatch"/> turns what nodes want into lease requests,
/// filling each node from the sweeps in the order they were opened.
/// </summary>
/// <typeparam name="TNode">A node's incarnation (the broker's actor reference): a restarted node under the same name counts afresh.</typeparam>
public sealed class DemandLedger<TNode>
    where TNode : notnull
{
    /// <summary>More slots than any machine has: a request claiming them is malformed.</summary>
    public const int MaxSlots = 1024;
    private readonly Dictionary<string, int> _queued = [];
    private readonly Dictionary<string, NodeDemand> _nodes = [];
    private readonly Dictionary<TNode, string> _names = [];

    /// <summary>The sweeps opened, in the order they were.</summary>
    public IEnumerable<string> Sweeps => _queued.Keys;

    /// <summary>A request that claims impossible free slots or no name: ignored.</summary>
    public static bool IsMalformed(RequestWork request) => request.FreeSlots is < 0 or > MaxSlots || string.IsNullOrWhiteSpace(request.Node);

    public bool Knows(string sweepId) => _queued.ContainsKey(sweepId);

    /// <summary>A sweep opened: nothing queued until it says so.</summary>
    public void Opened(string sweepId) => _queued.TryAdd(sweepId, 0);

    /// <summary>A sweep's queue as it announced it (a sweep not opened here is ignored).</summary>
    public void QueueChanged(string sweepId, int queued)
    {
        if (_queued.ContainsKey(sweepId))
            _queued[sweepId] = queued;
    }

    /// <summary>A node asked for work: its latest count replaces the old one (requests repeat on a timer, so duplicates are normal).</summary>
    /// <returns>True for the first request of this incarnation: the broker watches it from now on.</returns>
    public bool Requested(TNode node, RequestWork request)
    {
        var first = _names.TryAdd(node, request.Node);
        // A new incarnation of a node (another actor under the same name) starts counting afresh.
        // Assignments it received before this broker knew it (a broker restarted or moved) are not this broker's to count.
        var known = _nodes.GetValueOrDefault(request.Node) is { } n && n.Node.Equals(node) ? n : new NodeDemand(node, 0, request.Received, request.Received, 0, 1, request);
        _nodes[request.Node] = known with { Node = node, Free = request.FreeSlots, Received = Math.Max(known.Received, request.Received), MaxGroup = Math.Clamp(request.MaxGroup, 1, MaxSlots), Last = request };
        return first;
    }

    /// <summary>The nodes it knows, each as its last request described it, by name.</summary>
    public IReadOnlyList<NodeReport> Nodes() =>
        [.. _nodes.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => n.Value.Last)
            .Select(r => new NodeReport(r.Node, r.Device, r.Slots, r.FreeSlots, Math.Clamp(r.MaxGroup, 1, MaxSlots), r.MemoryUsed, r.MemoryLimit))];

    /// <summary>A sweep granted a lease for the node: one ask answered, one grant sent.</summary>
    /// <param name="to">The node to send the grant to; none when the node died meanwhile (its leases are being given back).</param>
    public bool TryGrant(string nodeName, [MaybeNullWhen(false)] out TNode to)
    {
        if (!_nodes.TryGetValue(nodeName, out var demand))
        {
            to = default;
            return false;
        }
        _nodes[nodeName] = demand with { Asked = demand.Asked - 1, Sent = demand.Sent + 1 };
        to = demand.Node;
        return true;
    }

    /// <summary>A sweep had nothing to lease the node: one ask answered, and the sweep counts as empty until it announces its queue again.</summary>
    public void NoWork(string sweepId, string nodeName)
    {
        if (_queued.ContainsKey(sweepId))
            _queued[sweepId] = 0;
        if (_nodes.TryGetValue(nodeName, out var demand))
            _nodes[nodeName] = demand with { Asked = demand.Asked - 1 };
    }

    /// <summary>Whether a leave message comes from the incarnation that asked under that name (a late one from an old incarnation is not).</summary>
    public bool IsNamed(TNode node, string nodeName) => _names.GetValueOrDefault(node) == nodeName;

    /// <summary>
    /// A node left or died: it is forgotten (unless a newer incarnation took its name), and every sweep
    /// gives back its leases. Nothing for a node released already, so a leave followed by its end releases once.
    /// </summary>
    public IReadOnlyList<ReleaseNode> Release(TNode node, string reason, bool countsAsRetry)
    {
        if (!_names.Remove(node, out var name))
            return [];
        if (_nodes.TryGetValue(name, out var demand) && demand.Node.Equals(node))
            _nodes.Remove(name);
        return [.. _queued.Keys.Select(id => new ReleaseNode(id, name, reason, countsAsRetry))];
    }

    /// <summary>Asks for one lease per wanted slot, taking them from the sweeps' queues; each lease may grant a group of the node's size.</summary>
    public IReadOnlyList<LeaseTrial> Dispatch()
    {
        var asks = new List<LeaseTrial>();
        foreach (var (name, demand) in _nodes.ToList())
        {
            var wanted = demand.Wanted;
            var asked = 0;
            foreach (var (id, queued) in _queued.Where(s => s.Value > 0).ToList())
            {
                var taken = Math.Min(wanted, queued);
                for (var i = 0; i < taken; i++)
                    asks.Add(new LeaseTrial(id, name, demand.MaxGroup));
                _queued[id] = queued - taken;
                wanted -= taken;
                asked += taken;
            }
            _nodes[name] = demand with { Asked = demand.Asked + asked };
        }
        return asks;
    }

    /// <param name="Free">Free slots at the node's last request.</param>
    /// <param name="Received">Assignments the node had received at its last request.</param>
    /// <param name="Sent">Assignments forwarded to the node.</param>
    /// <param name="Asked">Leases asked of sweep coordinators for the node and not yet answered.</param>
    /// <param name="MaxGroup">The most trials the node trains fused on one slot: each lease may grant that many.</param>
    /// <param name="Last">Its latest request, for the nodes view.</param>
    private sealed record NodeDemand(TNode Node, int Free, long Received, long Sent, int Asked, int MaxGroup, RequestWork Last)
    {
        public int Wanted => Math.Max(0, Free - (int)(Sent - Received) - Asked);
    }
}
