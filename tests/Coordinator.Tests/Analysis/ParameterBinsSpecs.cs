using SweepCluster.Coordinator.Analysis;

namespace SweepCluster.Coordinator.Tests.Analysis;

public sealed class ParameterBinsSpecs
{
    [Fact]
    public void A_few_distinct_values_need_no_bins()
    {
        Assert.Null(ParameterBins.For([.. Enumerable.Range(0, 40).Select(i => (double)(i % ParameterBins.MaxValues))], log: false));
    }

    [Fact]
    public void Many_values_fall_into_five_bins_of_equal_count_the_last_closed()
    {
        var values = Enumerable.Range(1, 20).Select(i => (double)i).ToList();

        var bins = ParameterBins.For(values, log: false)!;

        Assert.Equal(["[1, 4.5)", "[4.5, 8.5)", "[8.5, 12.5)", "[12.5, 16.5)", "[16.5, 20]"], bins.Bins.Select(b => b.Label));
        Assert.All(bins.Bins, b => Assert.Equal(4, values.Count(b.Contains)));
        Assert.Equal("[16.5, 20]", bins.Of(20).Label);
    }

    [Fact]
    public void A_log_sampled_parameter_has_its_edges_midway_in_log_space_to_three_significant_digits()
    {
        double[] values = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 0.3];

        var bins = ParameterBins.For(values, log: true)!;

        Assert.True(bins.Log);
        Assert.Equal(["[1e-05, 5.48e-05)", "[5.48e-05, 0.000548)", "[0.000548, 0.00548)", "[0.00548, 0.0548)", "[0.0548, 0.3]"], bins.Bins.Select(b => b.Label));
        Assert.Contains("in log space", bins.Description);
    }

    [Fact]
    public void Equal_values_never_straddle_an_edge()
    {
        double[] values = [.. Enumerable.Repeat(1.0, 10), .. Enumerable.Range(2, 9).Select(i => (double)i)];

        var bins = ParameterBins.For(values, log: false)!;

        Assert.Equal(10, values.Count(bins.Bins[0].Contains));
        Assert.Equal(values.Length, bins.Bins.Sum(b => values.Count(b.Contains)));
    }
}
