using System.Text.Json;

namespace SweepCluster.Coordinator.Tests.Cli;

public sealed class RuntimeCommandSpecs
{
    [Fact]
    public void Cpu_runtime_loads_and_reports_json()
    {
        var (exitCode, output) = CliRunner.Run("runtime", "--device", "cpu", "--json");

        Assert.Equal(0, exitCode);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("cpu", json.GetProperty("device").GetString());
        Assert.Equal("2.10.0.0", json.GetProperty("lib_torch_version").GetString());
    }

    [Fact]
    public void Invalid_device_is_a_usage_error_naming_the_choices()
    {
        var (exitCode, output) = CliRunner.Run("runtime", "--device", "tpu");

        Assert.Equal(2, exitCode);
        Assert.Contains("Argument 'tpu' not recognized", output);
        Assert.Contains("'cuda'", output);
    }
}
