using System.Collections.Immutable;
using Akka.Cluster;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// What a node knows of the coordinators from the cluster's events: whether it has joined (is Up
/// itself), which coordinators are Up, and which of those are unreachable. Pure: the events come
/// from <see cref="CoordinatorWatch"/>.
/// </summary>
public sealed record CoordinatorPresence(bool Joined, ImmutableHashSet<UniqueAddress> Up, ImmutableHashSet<UniqueAddress> Unreachable)
{
    public static CoordinatorPresence Initial { get; } = new(false, [], []);

    /// <summary>Joined, and no coordinator is both Up and reachable: the node works for nobody.</summary>
    public bool Absent => Joined && Up.All(Unreachable.Contains);

    /// <summary>A member changed <paramref name="status"/>: <paramref name="self"/> Up means joined; a coordinator counts only while Up.</summary>
    public CoordinatorPresence MemberChanged(UniqueAddress member, MemberStatus status, bool coordinator, UniqueAddress self)
    {
        var joined = Joined || (member.Equals(self) && status == MemberStatus.Up);
        if (!coordinator)
            return this with { Joined = joined };
        return status == MemberStatus.Up
            ? this with { Joined = joined, Up = Up.Add(member) }
            : this with { Joined = joined, Up = Up.Remove(member), Unreachable = Unreachable.Remove(member) };
    }

    public CoordinatorPresence ReachabilityChanged(UniqueAddress member, bool reachable) =>
        this with { Unreachable = reachable ? Unreachable.Remove(member) : Unreachable.Add(member) };
}
