using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.Tests.Cli;

namespace SweepCluster.Coordinator.Tests.Configuration;

public sealed class StoreLocationSpecs
{
    [Fact]
    public void A_postgresql_uri_becomes_a_connection_string_with_every_part_decoded()
    {
        var parsed = StoreLocation.PostgreSql("postgresql://al%40ice:p%3Ass@db.example:6543/sweeps%201?sslmode=disable&application_name=sweep&connect_timeout=7")!;

        Assert.Equal(("db.example", 6543, "sweeps 1", "al@ice", "p:ss"), (parsed.Host, parsed.Port, parsed.Database, parsed.Username, parsed.Password));
        Assert.Equal((Npgsql.SslMode.Disable, "sweep", 7), (parsed.SslMode, parsed.ApplicationName, parsed.Timeout));
    }

    [Fact]
    public void A_postgres_uri_without_user_or_port_takes_Npgsql_defaults()
    {
        var parsed = StoreLocation.PostgreSql("postgres://db/sweeps")!;

        Assert.Equal(("db", 5432, "sweeps", null), (parsed.Host, parsed.Port, parsed.Database, parsed.Username));
    }

    [Theory]
    [InlineData("sweeps.db")]
    [InlineData("/data/run=3/sweeps.db")]
    [InlineData("./a=b.db")]
    public void A_path_is_an_SQLite_store_even_with_an_equals_sign_after_a_slash(string database) =>
        Assert.Null(StoreLocation.PostgreSql(database));

    [Fact]
    public void Any_key_Npgsql_reads_as_a_host_makes_a_PostgreSQL_store() =>
        Assert.Equal("db", StoreLocation.PostgreSql("Server=db;Database=sweeps")!.Host);

    [Fact]
    public void A_malformed_connection_string_is_refused_without_repeating_it()
    {
        var refused = Assert.Throws<SettingsException>(() => StoreLocation.PostgreSql("Host=db;Pasword=hunter2"));

        Assert.Contains("pasword", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2", refused.Message);
    }

    [Theory]
    [InlineData("postgresql://alice:hunter2@db:5433/sweeps")]
    [InlineData("Host=db;Port=5433;Database=sweeps;Username=alice;Psw=hunter2")]
    public void A_store_is_named_by_database_and_server_never_by_user_or_password(string database)
    {
        var name = StoreName.Of(database);

        Assert.Equal("PostgreSQL database 'sweeps' on db:5433", name);
    }

    [Fact]
    public void A_malformed_connection_string_is_named_without_its_text() =>
        Assert.DoesNotContain("hunter2", StoreName.Of("Host=db;Pasword=hunter2"));

    [Fact]
    public void A_query_on_a_postgresql_uri_names_the_database_and_never_the_user()
    {
        var (exitCode, output) = CliRunner.Run("list", "--db", "postgresql://alice@127.0.0.1:1/sweeps");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("PostgreSQL database 'sweeps' on 127.0.0.1:1", output);
        Assert.DoesNotContain("alice", output);
    }
}
