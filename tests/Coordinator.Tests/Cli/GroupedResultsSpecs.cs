using SweepCluster.Coordinator.Cli;
using SweepCluster.Coordinator.Reports;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Cli;

public sealed class GroupedResultsSpecs
{
    private static readonly GroupTable Binned = new("lr", "marginal", "test_accuracy",
        [new GroupRow("[0.1, 0.125)", null, 2, 0.5, 0.1, null, ["t0", "t1", "t2"], Stopped: 1), new GroupRow("[0.125, 0.3]", null, 1, 0.7, null, null, ["t3"])],
        Means: "Means over the trials with test_accuracy.", Binning: "2 quantile bins");

    [Fact]
    public void A_binned_table_says_how_it_was_binned_counts_stopped_trials_and_states_its_means()
    {
        var text = GroupedResults.Text(new SweepProgress("s-1", "s", "completed", 4, 4, 0, 0, 0), Binned).Split('\n');

        Assert.Equal("lr in 2 quantile bins", text[1]);
        Assert.Equal("[0.1, 0.125)    2        1         0.5         0.1", text[3].TrimEnd());
        Assert.Equal("Means over the trials with test_accuracy.", text[^1]);
        Assert.Equal("lr,\"[0.1, 0.125)\",,2,1,0.5,0.1,,t0 t1 t2", GroupedResults.Csv(Binned).Split('\n')[1]);
    }
}
