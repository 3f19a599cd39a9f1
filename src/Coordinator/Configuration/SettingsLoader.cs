using Microsoft.Extensions.Configuration;

namespace SweepCluster.Coordinator.Configuration;

/// <summary>Layers configuration the .NET way: file, environment, command line.</summary>
public static class SettingsLoader
{
    public const string EnvironmentPrefix = "SWEEP_";

    // Short names for the variables people set by hand; SWEEP_Section__Key works for every setting.
    private static readonly Dictionary<string, string> EnvironmentAliases = new()
    {
        ["SWEEP_TORCH_LIB"] = "Torch:LibDirectory",
        ["SWEEP_DEVICE"] = "Torch:Device",
    };

    public static IConfiguration Build(IReadOnlyDictionary<string, string?> commandLine)
    {
        var aliases = EnvironmentAliases
            .Select(a => (Key: a.Value, Value: Environment.GetEnvironmentVariable(a.Key)))
            .Where(a => !string.IsNullOrEmpty(a.Value))
            .ToDictionary(a => a.Key, a => a.Value);
        return new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: false)
            .AddInMemoryCollection(aliases)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddInMemoryCollection(commandLine)
            .Build();
    }

    public static SweepSettings Bind(IConfiguration configuration)
    {
        var settings = new SweepSettings();
        try
        {
            configuration.Bind(settings);
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key and value; the inner exception says why the value is wrong.
            throw new SettingsException($"Invalid setting: {e.Message} {e.InnerException?.Message}".TrimEnd(), e);
        }
        settings.Store.Database = StoreLocation.Normalise(settings.Store.Database);
        if (settings.Store.PasswordFile is { } passwordFile)
            settings.Store.Database = StorePasswords.WithPasswordFrom(settings.Store.Database, passwordFile);
        return settings;
    }
}

/// <summary>A configuration value is malformed; the message names it.</summary>
public sealed class SettingsException(string message, Exception? inner = null) : Exception(message, inner);
