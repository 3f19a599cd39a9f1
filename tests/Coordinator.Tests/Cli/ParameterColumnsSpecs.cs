using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Cli;

namespace SweepCluster.Coordinator.Tests.Cli;

public sealed class ParameterColumnsSpecs
{
    [Fact]
    public void A_header_is_the_paths_last_segment_unless_two_collide()
    {
        var columns = ParameterColumns.Of(["training.optimizer.learning_rate", "model.blocks[0].filters", "model.blocks[1].filters", "model.head.dense[0].dropout"]);

        Assert.Equal(["learning_rate", "blocks[0].filters", "blocks[1].filters", "dropout"], columns.Columns.Select(c => c.Header));
    }

    [Fact]
    public void Headers_that_collide_on_every_segment_but_the_first_keep_the_whole_path()
    {
        var columns = ParameterColumns.Of(["a.x.rate", "b.x.rate"]);

        Assert.Equal(["a.x.rate", "b.x.rate"], columns.Columns.Select(c => c.Header));
    }

    [Theory]
    [InlineData("0.0012345678901234567", "0.001235")]
    [InlineData("32", "32")]
    [InlineData("\"adam\"", "adam")]
    [InlineData("true", "true")]
    [InlineData("[3, 3]", "[3,3]")]
    public void Values_are_short_scalars(string json, string expected)
    {
        Assert.Equal(expected, ParameterColumns.Value(JsonNode.Parse(json)));
    }
}
