using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Core;
using SweepCluster.Coordinator.Configuration;

namespace SweepCluster.Coordinator.Logging;

/// <summary>The process's Serilog logger: the sinks of the Serilog section, and Seq when a server is set.</summary>
public static class LoggingSetup
{
    /// <param name="process">Replaces <c>{process}</c> in file sinks' paths: one file per process, so processes sharing a folder never interleave their lines.</param>
    public static Logger Create(IConfiguration configuration, SeqSettings seq, string process)
    {
        foreach (var sink in configuration.GetSection("Serilog:WriteTo").GetChildren())
        {
            if (sink["Args:path"] is { } path && path.Contains("{process}", StringComparison.Ordinal))
                sink["Args:path"] = path.Replace("{process}", process, StringComparison.Ordinal);
        }
        var logger = new LoggerConfiguration().ReadFrom.Configuration(configuration);
        if (!string.IsNullOrEmpty(seq.ServerUrl))
        {
            if (!Uri.TryCreate(seq.ServerUrl, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
                throw new SettingsException($"Seq:ServerUrl '{seq.ServerUrl}' is not an http(s) URL such as http://seq:5341.");
            Directory.CreateDirectory(seq.BufferDirectory);
            // Durable: events go to files first and are shipped from there, retried until the server answers.
            logger.WriteTo.Seq(seq.ServerUrl, apiKey: ApiKey(seq), bufferBaseFilename: Path.Combine(seq.BufferDirectory, "events"),
                period: TimeSpan.FromSeconds(1));
        }
        return logger.CreateLogger();
    }

    private static string? ApiKey(SeqSettings seq)
    {
        if (!string.IsNullOrEmpty(seq.ApiKey) || string.IsNullOrEmpty(seq.ApiKeyFile))
            return seq.ApiKey;
        if (!File.Exists(seq.ApiKeyFile))
            throw new SettingsException($"Seq:ApiKeyFile: no file {Path.GetFullPath(seq.ApiKeyFile)}; it should hold the Seq API key alone.");
        return File.ReadAllText(seq.ApiKeyFile).Trim();
    }
}
