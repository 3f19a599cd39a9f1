using SweepCluster.Coordinator.Cli;
using SweepCluster.Coordinator.Configuration;

namespace SweepCluster.Coordinator.Tests.Cli;

public sealed class ResumeHintSpecs
{
    [Fact]
    public void The_defaults_need_no_option()
    {
        Assert.Equal("./sweep resume s-00000000", ResumeHint.For("s-00000000", new SweepSettings()));
    }

    [Fact]
    public void Every_option_that_says_where_the_sweep_lives_is_named_and_quoted_for_the_shell()
    {
        var settings = new SweepSettings();
        settings.Store.Database = "/data/my runs/sweeps.db";
        settings.Store.Checkpoints = "/data/it's here";
        settings.Torch.LibDirectory = "/opt/torch/lib";

        Assert.Equal("./sweep resume s-00000000 --db '/data/my runs/sweeps.db' --checkpoints '/data/it'\\''s here' --torch-lib /opt/torch/lib",
            ResumeHint.For("s-00000000", settings));
    }

    [Fact]
    public void A_postgresql_store_is_named_without_its_connection_string()
    {
        var settings = new SweepSettings();
        settings.Store.Database = "Host=db;Username=sweep;Password=secret;Database=sweeps";

        var hint = ResumeHint.For("s-00000000", settings);

        Assert.DoesNotContain("secret", hint);
        Assert.Contains("--db <the same PostgreSQL store>", hint);
    }
}
