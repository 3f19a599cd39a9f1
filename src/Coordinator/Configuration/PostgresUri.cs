using Npgsql;

namespace SweepCluster.Coordinator.Configuration;

/// <summary>
/// A libpq connection URI (postgresql://user:password@host:port/database?key=value) as an Npgsql
/// connection string: user-info and path percent-decoded, libpq's query keys mapped to Npgsql's.
/// </summary>
public static class PostgresUri
{
    private static readonly string[] Schemes = ["postgresql://", "postgres://"];

    // libpq's names for what Npgsql spells otherwise; other keys go to Npgsql with '_' read as ' '.
    private static readonly Dictionary<string, string> LibpqKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["dbname"] = "Database",
        ["user"] = "Username",
        ["sslmode"] = "SSL Mode",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslrootcert"] = "Root Certificate",
        ["connect_timeout"] = "Timeout",
        ["target_session_attrs"] = "Target Session Attributes",
    };

    private const string Shape = "postgresql://USER@HOST:PORT/DATABASE?KEY=VALUE";

    public static bool IsUri(string value) => Schemes.Any(s => value.StartsWith(s, StringComparison.OrdinalIgnoreCase));

    /// <exception cref="SettingsException">Not a URI of that shape, or a query key Npgsql does not know; never repeating the value.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.IdnHost.Length == 0)
            throw new SettingsException($"Store:Database is a PostgreSQL URI that does not parse; expected {Shape}.");
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.IdnHost };
        if (uri.Port > 0)
            builder.Port = uri.Port;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
            builder.Database = database;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, setting) = pair.IndexOf('=', StringComparison.Ordinal) is var i and >= 0 ? (pair[..i], pair[(i + 1)..]) : (pair, "");
            key = Uri.UnescapeDataString(key);
            try
            {
                builder[LibpqKeys.GetValueOrDefault(key, key.Replace('_', ' '))] = Uri.UnescapeDataString(setting);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
            {
                throw new SettingsException($"Store:Database: the PostgreSQL URI's parameter '{key}' is not one Npgsql takes, or its value is malformed.", e);
            }
        }
        return builder;
    }
}
