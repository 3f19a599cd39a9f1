using Microsoft.Extensions.Configuration;
using SweepCluster.Coordinator.Configuration;

namespace SweepCluster.Coordinator.Tests.Configuration;

public sealed class LoggingSetupSpecs
{
    private static readonly IConfiguration Empty = new ConfigurationBuilder().Build();

    [Fact]
    public void Seq_is_off_without_a_server_and_a_malformed_server_url_is_named()
    {
        using var plain = LoggingSetup.Create(Empty, new SeqSettings());
        var error = Assert.Throws<SettingsException>(() => LoggingSetup.Create(Empty, new SeqSettings { ServerUrl = "seq:5341" }));
        Assert.Contains("Seq:ServerUrl 'seq:5341'", error.Message);
    }

    [Fact]
    public void A_missing_api_key_file_is_named()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-seq-key");
        var error = Assert.Throws<SettingsException>(() => LoggingSetup.Create(Empty,
            new SeqSettings { ServerUrl = "http://127.0.0.1:5341", ApiKeyFile = missing, BufferDirectory = Path.Combine(Path.GetTempPath(), "seq-buffer-spec") }));
        Assert.Contains("Seq:ApiKeyFile", error.Message);
        Assert.Contains(missing, error.Message);
    }
}
