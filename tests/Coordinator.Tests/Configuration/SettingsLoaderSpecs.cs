using SweepCluster.Coordinator.Configuration;
using SweepCluster.Messages;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Tests.Configuration;

/// <summary>Environment variables are process-wide: these specs never run beside each other.</summary>
[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public sealed class EnvironmentCollection;

[Collection(nameof(EnvironmentCollection))]
public sealed class SettingsLoaderSpecs : IDisposable
{
    private static readonly string[] Variables = ["SWEEP_DEVICE", "SWEEP_TORCH_LIB", "SWEEP_Torch__Device", "SWEEP_Datasets__FashionMnist", "SWEEP_Node__Slots", "SWEEP_Node__Fuse"];

    public void Dispose()
    {
        foreach (var name in Variables)
            Environment.SetEnvironmentVariable(name, null);
    }

    private static SweepSettings Load(Dictionary<string, string?>? commandLine = null) =>
        SettingsLoader.Bind(SettingsLoader.Build(commandLine ?? []));

    [Fact]
    public void Defaults_come_from_appsettings()
    {
        var settings = Load();

        Assert.Equal(DevicePreference.Auto, settings.Torch.Device);
        Assert.Null(settings.Datasets.Root);
        Assert.Equal("/usr/share/datasets/fashion-mnist", settings.Datasets.Folder("fashion-mnist", null));
        Assert.Null(settings.Torch.LibDirectory);
    }

    [Fact]
    public void Environment_overrides_the_file_and_aliases_work()
    {
        Environment.SetEnvironmentVariable("SWEEP_DEVICE", "cpu");
        Environment.SetEnvironmentVariable("SWEEP_TORCH_LIB", "/opt/torch/lib");
        Environment.SetEnvironmentVariable("SWEEP_Datasets__FashionMnist", "/data/fmnist");

        var settings = Load();

        Assert.Equal(DevicePreference.Cpu, settings.Torch.Device);
        Assert.Equal("/opt/torch/lib", settings.Torch.LibDirectory);
        Assert.Equal("/data/fmnist", settings.Datasets.FashionMnist);
    }

    [Fact]
    public void Full_environment_names_beat_aliases_and_the_command_line_beats_both()
    {
        Environment.SetEnvironmentVariable("SWEEP_DEVICE", "cpu");
        Environment.SetEnvironmentVariable("SWEEP_Torch__Device", "cuda");

        Assert.Equal(DevicePreference.Cuda, Load().Torch.Device);
        Assert.Equal(DevicePreference.Auto, Load(new() { ["Torch:Device"] = "auto" }).Torch.Device);
    }

    [Fact]
    public void A_malformed_value_names_the_key_and_the_value()
    {
        Environment.SetEnvironmentVariable("SWEEP_DEVICE", "gpu");

        var error = Assert.Throws<SettingsException>(() => Load());

        Assert.Contains("'gpu'", error.Message);
        Assert.Contains("Torch:Device", error.Message);
    }

    [Fact]
    public void A_nodes_slots_and_fuse_come_from_the_environment_a_pods_ConfigMap_sets_and_the_options_beat_it()
    {
        Assert.Equal(("1", 1), (Load().Node.Slots, Load().Node.Fuse));
        Environment.SetEnvironmentVariable("SWEEP_Node__Slots", "auto");
        Environment.SetEnvironmentVariable("SWEEP_Node__Fuse", "8");

        Assert.Equal(("auto", 8), (Load().Node.Slots, Load().Node.Fuse));
        var overridden = Load(new() { ["Node:Slots"] = "2", ["Node:Fuse"] = "1" }).Node;
        Assert.Equal(("2", 1), (overridden.Slots, overridden.Fuse));
    }

    [Theory]
    [InlineData("SWEEP_Node__Fuse", "0", "Node:Fuse must be between 1 (off) and 256; got 0.")]
    [InlineData("SWEEP_Node__Slots", "many", "Node:Slots must be a number of at least 1, or auto; got 'many'.")]
    public void A_node_refuses_slots_or_fuse_out_of_range_from_the_environment_naming_the_setting(string variable, string value, string message)
    {
        Environment.SetEnvironmentVariable(variable, value);

        var (exitCode, output) = Cli.CliRunner.Run("node", "--seed", "127.0.0.1:1");

        Assert.Equal(2, exitCode);
        Assert.Contains(message, output);
    }

    [Fact]
    public void The_trial_limit_defaults_to_a_hundred_thousand_and_is_a_setting()
    {
        Assert.Equal(new SweepLimits(100_000), Load().SweepFiles.Limits());
        Assert.Equal(new SweepLimits(5), Load(new() { ["SweepFiles:MaxTrials"] = "5" }).SweepFiles.Limits());
    }
}
