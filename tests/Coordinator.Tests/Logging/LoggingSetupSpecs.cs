using Microsoft.Extensions.Configuration;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Logging;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Logging;

public sealed class LoggingSetupSpecs
{
    private static readonly IConfiguration Empty = new ConfigurationBuilder().Build();

    [Fact]
    public void Seq_is_off_without_a_server_and_a_malformed_server_url_is_named()
    {
        using var plain = LoggingSetup.Create(Empty, new SeqSettings(), "spec");
        var error = Assert.Throws<SettingsException>(() => LoggingSetup.Create(Empty, new SeqSettings { ServerUrl = "seq:5341" }, "spec"));
        Assert.Contains("Seq:ServerUrl 'seq:5341'", error.Message);
    }

    [Fact]
    public void A_missing_api_key_file_is_named()
    {
        using var folder = new TemporaryFolder("sweep-seq-");
        var missing = folder.File("no-such-seq-key");
        var error = Assert.Throws<SettingsException>(() => LoggingSetup.Create(Empty,
            new SeqSettings { ServerUrl = "http://127.0.0.1:5341", ApiKeyFile = missing, BufferDirectory = folder.File("seq-buffer") }, "spec"));
        Assert.Contains("Seq:ApiKeyFile", error.Message);
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void Each_process_writes_a_log_file_of_its_own_named_after_its_command_and_id()
    {
        using var folder = new TemporaryFolder("sweep-logs-");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Serilog:Using:0"] = "Serilog.Sinks.File",
            ["Serilog:WriteTo:0:Name"] = "File",
            ["Serilog:WriteTo:0:Args:path"] = folder.File("{process}.log"),
        }).Build();

        using (var logger = LoggingSetup.Create(configuration, new SeqSettings(), "node-n1-42"))
            logger.Information("hello");

        Assert.Equal(["node-n1-42.log"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }
}
