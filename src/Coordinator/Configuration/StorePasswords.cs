using Npgsql;

namespace SweepCluster.Coordinator.Configuration;

/// <summary>
/// Where a PostgreSQL password may come from: a file (Store:PasswordFile, such as a mounted secret)
/// or Npgsql's PGPASSWORD variable, never the command line, where every user of the machine sees it.
/// </summary>
public static class StorePasswords
{
    public static string WithPasswordFrom(string database, string passwordFile)
    {
        if (!StoreLocation.IsPostgreSql(database))
            throw new SettingsException($"Store:PasswordFile is set ({passwordFile}) but Store:Database is not a PostgreSQL connection string (Host=...;Database=...;Username=...).");
        if (!File.Exists(passwordFile))
            throw new SettingsException($"Store:PasswordFile: no file {Path.GetFullPath(passwordFile)}; it should hold the PostgreSQL password alone.");
        var password = File.ReadAllText(passwordFile).TrimEnd('\r', '\n');
        return new NpgsqlConnectionStringBuilder(database) { Password = password }.ConnectionString;
    }

    /// <summary>Whether a store's URI or connection string carries a password, under any key Npgsql reads as one (refused on the command line).</summary>
    /// <exception cref="SettingsException">Not a connection string Npgsql accepts.</exception>
    public static bool HasPassword(string database) => !string.IsNullOrEmpty(StoreLocation.PostgreSql(database)?.Password);
}
