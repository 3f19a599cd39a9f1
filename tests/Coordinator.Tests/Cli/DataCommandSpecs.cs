using System.Text.Json;

namespace SweepCluster.Coordinator.Tests.Cli;

public sealed class DataCommandSpecs
{
    [Fact]
    public void Json_reports_the_real_fashion_mnist_sizes()
    {
        var (exitCode, output) = CliRunner.Run("data", "fashion-mnist", "--json");

        Assert.Equal(0, exitCode);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(60_000, json.GetProperty("train").GetInt32());
        Assert.Equal(10_000, json.GetProperty("test").GetInt32());
        Assert.Equal("1x28x28", json.GetProperty("shape").GetString());
        Assert.All(json.GetProperty("test_per_class").EnumerateArray(), c => Assert.Equal(1_000, c.GetInt32()));
    }

    [Fact]
    public void Missing_folder_fails_with_its_name_and_exit_code_1()
    {
        var (exitCode, output) = CliRunner.Run("data", "fashion-mnist", "--path", "/no/such/folder");

        Assert.Equal(1, exitCode);
        Assert.Contains("'/no/such/folder' does not exist", output);
    }

    [Fact]
    public void Unknown_dataset_is_refused_by_the_parser()
    {
        var (exitCode, output) = CliRunner.Run("data", "imagenet");

        Assert.Equal(2, exitCode);
        Assert.Contains("imagenet", output);
    }
}
