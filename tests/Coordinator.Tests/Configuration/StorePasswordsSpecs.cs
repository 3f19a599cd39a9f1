using Npgsql;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Tests.Cli;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Configuration;

public sealed class StorePasswordsSpecs : IDisposable
{
    private readonly TemporaryFolder _folder = new("store-passwords-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_password_file_completes_the_connection_string_without_its_line_end()
    {
        var file = Path.Combine(_folder.Path, "password");
        File.WriteAllText(file, "s3cret;with=odd chars\n");

        var database = StorePasswords.WithPasswordFrom("Host=db;Database=sweeps;Username=sweep", file);

        var parsed = new NpgsqlConnectionStringBuilder(database);
        Assert.Equal(("db", "sweeps", "sweep", "s3cret;with=odd chars"), (parsed.Host, parsed.Database, parsed.Username, parsed.Password));
    }

    [Fact]
    public void A_missing_file_or_an_SQLite_store_is_refused_naming_the_setting()
    {
        var missing = Assert.Throws<SettingsException>(() => StorePasswords.WithPasswordFrom("Host=db;Database=sweeps", Path.Combine(_folder.Path, "none")));
        Assert.Contains("Store:PasswordFile", missing.Message);
        Assert.Contains(Path.Combine(_folder.Path, "none"), missing.Message);
        var file = Path.Combine(_folder.Path, "password");
        File.WriteAllText(file, "x");
        Assert.Contains("not a PostgreSQL connection string", Assert.Throws<SettingsException>(() => StorePasswords.WithPasswordFrom("sweeps.db", file)).Message);
    }

    [Theory]
    [InlineData("Host=db;Database=sweeps;Password=x", true)]
    [InlineData("Host=db; pwd = x", true)]
    [InlineData("Host=db;Psw=x", true)]
    [InlineData("postgresql://sweep:x@db/sweeps", true)]
    [InlineData("postgres://db/sweeps?password=x", true)]
    [InlineData("postgresql://sweep@db/sweeps", false)]
    [InlineData("Host=db;Database=sweeps;Username=sweep", false)]
    [InlineData("password-store.db", false)]
    public void Tells_whether_a_connection_string_carries_a_password(string database, bool expected) =>
        Assert.Equal(expected, StorePasswords.HasPassword(database));

    [Fact]
    public void The_command_line_refuses_a_password_in_db()
    {
        var (exitCode, output) = CliRunner.Run("list", "--db", "Host=127.0.0.1;Database=sweeps;Password=hunter2");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("no password on the command line", output);
        Assert.DoesNotContain("hunter2", output);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=sweeps;Psw=hunter2")]
    [InlineData("postgresql://sweep:hunter2@127.0.0.1/sweeps")]
    public void The_command_line_refuses_a_password_under_any_key_or_in_a_uri_and_says_where_to_put_it(string database)
    {
        var (exitCode, output) = CliRunner.Run("list", "--db", database);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("no password on the command line", output);
        Assert.Contains("PGPASSWORD", output);
        Assert.DoesNotContain("hunter2", output);
    }
}
