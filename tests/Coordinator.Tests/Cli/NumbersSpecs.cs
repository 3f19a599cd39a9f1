using SweepCluster.Coordinator.Cli;

namespace SweepCluster.Coordinator.Tests.Cli;

public sealed class NumbersSpecs
{
    [Theory]
    [InlineData(0.0012345678901234567, "0.001235")]
    [InlineData(0.30000000000000004, "0.3")]
    [InlineData(2.1684043449710089, "2.168")]
    [InlineData(123.456, "123.5")]
    [InlineData(16, "16")]
    [InlineData(60000, "60000")]
    [InlineData(0, "0")]
    [InlineData(-0.5, "-0.5")]
    public void Significant_keeps_four_significant_digits(double value, string expected)
    {
        Assert.Equal(expected, Numbers.Significant(value));
    }

    [Fact]
    public void Missing_values_are_empty_and_shares_are_percentages_with_two_decimals()
    {
        Assert.Equal("", Numbers.Significant(null));
        Assert.Equal("", Numbers.Percent(null));
        Assert.Equal("84.57%", Numbers.Percent(0.845678));
        Assert.Equal("100.00%", Numbers.Percent(1));
    }

    [Theory]
    [InlineData(45, "0:45")]
    [InlineData(170, "2:50")]
    [InlineData(3725, "1:02:05")]
    public void Durations_read_as_minutes_and_seconds_or_hours(int seconds, string expected)
    {
        Assert.Equal(expected, Numbers.Duration(TimeSpan.FromSeconds(seconds)));
    }
}
