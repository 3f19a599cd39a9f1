using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Sweeps;

public sealed class ClientRequestsSpecs
{
    public static TheoryData<ISweepClusterMessage, string> Hostile => new()
    {
        { new SubmitSweepFile(null!, "name: x"), "must name its sweep file" },
        { new SubmitSweepFile("a.yaml", null!), "must carry its sweep file's text" },
        { new SubmitSweepFile("a.yaml", new string('x', ClientRequests.MaxSourceLength + 1)), "limited to" },
        { new SubmitSweepFile(new string('a', 5000), "name: x"), "limited to 4096 characters" },
        { new GetSweepProgress(null!), "is not a sweep id" },
        { new GetSweepResults("../../etc/passwd-0000000a"), "is not a sweep id" },
        { new CancelSweep("quickstart"), "is not a sweep id" },
        { new ResumeSweep("Quickstart-1234abcd"), "is not a sweep id" },
        { new RequestWork("n1", 1000, "cpu", 0), "is not a request that clients may send" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Refuses_malformed_or_foreign_requests_saying_why(ISweepClusterMessage request, string reason) =>
        Assert.Contains(reason, ClientRequests.Problem(request));

    [Fact]
    public void Accepts_well_formed_requests()
    {
        Assert.Null(ClientRequests.Problem(new SubmitSweepFile("a.yaml", "name: x")));
        Assert.Null(ClientRequests.Problem(new ListSweeps()));
        Assert.Null(ClientRequests.Problem(new GetSweepProgress("quick_start-2-1234abcd")));
        Assert.Null(ClientRequests.Problem(new CancelSweep("q-0000ffff")));
    }
}
