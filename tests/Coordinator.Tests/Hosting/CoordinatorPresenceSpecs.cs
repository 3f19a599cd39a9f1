using Akka.Actor;
using Akka.Cluster;
using SweepCluster.Coordinator.Hosting;

namespace SweepCluster.Coordinator.Tests.Hosting;

public sealed class CoordinatorPresenceSpecs
{
    private static readonly UniqueAddress Self = Address(1);
    private static readonly UniqueAddress First = Address(2);
    private static readonly UniqueAddress Second = Address(3);

    private static UniqueAddress Address(int port) => new(new Address("akka.tcp", "sweepcluster", "127.0.0.1", port), port);

    private static CoordinatorPresence Apply(CoordinatorPresence presence, UniqueAddress address, MemberStatus status, string role) =>
        presence.MemberChanged(address, status, role == ClusterConfig.CoordinatorRole, Self);

    [Fact]
    public void A_node_that_has_not_joined_misses_no_coordinator()
    {
        var presence = CoordinatorPresence.Initial;

        Assert.False(presence.Absent);
    }

    [Fact]
    public void A_joined_node_without_a_coordinator_is_absent_until_one_is_up()
    {
        var joined = Apply(CoordinatorPresence.Initial, Self, MemberStatus.Up, ClusterConfig.NodeRole);

        var served = Apply(joined, First, MemberStatus.Up, ClusterConfig.CoordinatorRole);

        Assert.True(joined.Absent);
        Assert.False(served.Absent);
    }

    [Fact]
    public void A_coordinator_unreachable_or_leaving_counts_as_gone_and_reachable_again_as_back()
    {
        var served = Apply(Apply(CoordinatorPresence.Initial, Self, MemberStatus.Up, ClusterConfig.NodeRole), First, MemberStatus.Up, ClusterConfig.CoordinatorRole);

        var unreachable = served.ReachabilityChanged(First, reachable: false);
        var back = unreachable.ReachabilityChanged(First, reachable: true);
        var leaving = Apply(back, First, MemberStatus.Leaving, ClusterConfig.CoordinatorRole);

        Assert.True(unreachable.Absent);
        Assert.False(back.Absent);
        Assert.True(leaving.Absent);
    }

    [Fact]
    public void One_of_two_coordinators_unreachable_leaves_the_node_served()
    {
        var joined = Apply(CoordinatorPresence.Initial, Self, MemberStatus.Up, ClusterConfig.NodeRole);
        var two = Apply(Apply(joined, First, MemberStatus.Up, ClusterConfig.CoordinatorRole), Second, MemberStatus.Up, ClusterConfig.CoordinatorRole);

        var one = two.ReachabilityChanged(First, reachable: false);

        Assert.False(one.Absent);
    }
}
