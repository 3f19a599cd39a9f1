using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Sweeps;

/// <summary>The broker's books, with strings as node incarnations ("n1@1": node n1's first).</summary>
public sealed class DemandLedgerSpecs
{
    private readonly DemandLedger<string> _ledger = new();

    private static RequestWork Request(string node, int free, long received = 0, int maxGroup = 1) => new(node, free, "cpu", received, maxGroup);

    private static LeaseTrial Lease(string sweepId, string node = "n1", int maxGroup = 1) => new(sweepId, node, maxGroup);

    private void Queued(params (string SweepId, int Queued)[] sweeps)
    {
        foreach (var (id, queued) in sweeps)
        {
            _ledger.Opened(id);
            _ledger.QueueChanged(id, queued);
        }
    }

    [Theory]
    [InlineData("n1", -3, true)]
    [InlineData("n1", 1025, true)]
    [InlineData(" ", 1, true)]
    [InlineData("n1", 0, false)]
    [InlineData("n1", 1024, false)]
    public void A_request_with_impossible_free_slots_or_no_name_is_malformed(string node, int free, bool malformed) =>
        Assert.Equal(malformed, DemandLedger<string>.IsMalformed(Request(node, free)));

    [Fact]
    public void The_nodes_are_reported_as_their_latest_requests_described_them_until_they_leave()
    {
        _ledger.Requested("n2@1", new RequestWork("n2", 1, "cuda", 0, 4, Slots: 2, MemoryUsed: 1L << 30, MemoryLimit: 8L << 30));
        _ledger.Requested("n1@1", new RequestWork("n1", 2, "cpu", 0, Slots: 2, MemoryUsed: 300));
        _ledger.Requested("n1@1", new RequestWork("n1", 1, "cpu", 1, Slots: 2, MemoryUsed: 400));

        Assert.Equal([new NodeReport("n1", "cpu", 2, 1, 1, 400, null), new NodeReport("n2", "cuda", 2, 1, 4, 1L << 30, 8L << 30)], _ledger.Nodes());
        _ledger.Release("n1@1", "node left", countsAsRetry: false);
        Assert.Equal(["n2"], _ledger.Nodes().Select(n => n.Node));
    }

    [Fact]
    public void A_node_is_asked_for_no_more_leases_than_its_free_slots_however_often_it_repeats_them()
    {
        Queued(("s", 5));

        Assert.True(_ledger.Requested("n1@1", Request("n1", 2)));
        Assert.Equal([Lease("s"), Lease("s")], _ledger.Dispatch());
        Assert.False(_ledger.Requested("n1@1", Request("n1", 2)));
        Assert.Empty(_ledger.Dispatch());
    }

    [Fact]
    public void Grants_the_node_had_not_received_when_it_asked_count_against_its_free_slots()
    {
        Queued(("s", 5));
        _ledger.Requested("n1@1", Request("n1", 2));
        _ledger.Dispatch();
        Assert.True(_ledger.TryGrant("n1", out var to) && to == "n1@1");
        _ledger.TryGrant("n1", out _);

        // A request that crossed the grants: still 2 free, none received.
        _ledger.Requested("n1@1", Request("n1", 2, received: 0));
        Assert.Empty(_ledger.Dispatch());
        _ledger.Requested("n1@1", Request("n1", 1, received: 2));
        Assert.Equal([Lease("s")], _ledger.Dispatch());
    }

    [Fact]
    public void A_sweep_without_work_answers_the_ask_and_is_asked_again_only_once_it_announces_a_queue()
    {
        Queued(("s", 1));
        _ledger.Requested("n1@1", Request("n1", 1));
        Assert.Single(_ledger.Dispatch());

        _ledger.NoWork("s", "n1");
        Assert.Empty(_ledger.Dispatch());
        _ledger.QueueChanged("s", 3);
        Assert.Equal([Lease("s")], _ledger.Dispatch());
    }

    [Fact]
    public void A_node_is_filled_from_the_sweeps_in_the_order_they_were_opened_and_takes_their_queues()
    {
        Queued(("a", 1), ("empty", 0), ("b", 3));
        _ledger.Requested("n1@1", Request("n1", 3));
        _ledger.Requested("n2@1", Request("n2", 3));

        Assert.Equal([Lease("a"), Lease("b"), Lease("b"), Lease("b", "n2")], _ledger.Dispatch());
        Assert.Equal(["a", "empty", "b"], _ledger.Sweeps);
    }

    [Fact]
    public void Each_lease_may_grant_a_group_of_the_nodes_size_at_least_one()
    {
        Queued(("s", 2));
        _ledger.Requested("n1@1", Request("n1", 1, maxGroup: 4));
        _ledger.Requested("n2@1", Request("n2", 1, maxGroup: 0));

        Assert.Equal([Lease("s", "n1", 4), Lease("s", "n2", 1)], _ledger.Dispatch());
    }

    [Fact]
    public void A_new_incarnation_of_a_node_counts_afresh()
    {
        Queued(("s", 5));
        _ledger.Requested("n1@1", Request("n1", 2));
        _ledger.Dispatch();

        Assert.True(_ledger.Requested("n1@2", Request("n1", 1, received: 7)));

        Assert.Equal([Lease("s")], _ledger.Dispatch());
        Assert.True(_ledger.TryGrant("n1", out var to) && to == "n1@2");
    }

    [Fact]
    public void A_released_node_is_given_back_by_every_sweep_once_and_then_gets_nothing()
    {
        Queued(("a", 0), ("b", 4));
        _ledger.Requested("n1@1", Request("n1", 1));

        Assert.Equal([new ReleaseNode("a", "n1", "node left", false), new ReleaseNode("b", "n1", "node left", false)], _ledger.Release("n1@1", "node left", countsAsRetry: false));
        Assert.Empty(_ledger.Release("n1@1", "node stopped", countsAsRetry: true));
        Assert.Empty(_ledger.Dispatch());
        Assert.False(_ledger.TryGrant("n1", out _));
    }

    [Fact]
    public void Releasing_an_old_incarnation_keeps_the_demand_of_the_one_that_took_its_name()
    {
        Queued(("s", 4));
        _ledger.Requested("n1@1", Request("n1", 1));
        _ledger.Requested("n1@2", Request("n1", 2));

        Assert.Single(_ledger.Release("n1@1", "node stopped", countsAsRetry: true));

        Assert.Equal([Lease("s"), Lease("s")], _ledger.Dispatch());
    }

    [Fact]
    public void A_leave_counts_only_from_the_incarnation_that_asked_under_that_name()
    {
        _ledger.Requested("n1@1", Request("n1", 1));

        Assert.True(_ledger.IsNamed("n1@1", "n1"));
        Assert.False(_ledger.IsNamed("n1@1", "n2"));
        Assert.False(_ledger.IsNamed("n1@0", "n1"));
    }

    [Fact]
    public void A_queue_announced_by_a_sweep_not_opened_here_is_ignored()
    {
        _ledger.QueueChanged("elsewhere", 3);
        _ledger.Requested("n1@1", Request("n1", 1));

        Assert.Empty(_ledger.Dispatch());
        Assert.False(_ledger.Knows("elsewhere"));
    }
}
