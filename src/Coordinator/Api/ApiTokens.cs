using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SweepCluster.Coordinator.Configuration;

namespace SweepCluster.Coordinator.Api;

/// <summary>The API's secrets from files (mounted Kubernetes secrets): never from a command line, never logged.</summary>
public static class ApiTokens
{
    /// <summary>The environment variable a client reads its token from when no token file is given.</summary>
    public const string Variable = "SWEEP_API_TOKEN";

    /// <param name="setting">The setting or option that named the file, for the error.</param>
    public static string Read(string file, string setting)
    {
        string token;
        try
        {
            token = File.ReadAllText(file).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"{setting}: cannot read the token file {file}: {e.Message}");
        }
        // The file's content is never echoed: a wrong file may hold another secret.
        return token.Length is > 0 and <= 4096 && token.All(c => c is > ' ' and < (char)127)
            ? token
            : throw new SettingsException($"{setting}: {file} must hold the token alone: 1 to 4096 printable ASCII characters without spaces.");
    }

    /// <summary>A PEM certificate and key, as cert-manager writes them (tls.crt, tls.key); the key is read from the certificate file when not given.</summary>
    public static X509Certificate2 Certificate(string certificate, string? key)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certificate, key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new SettingsException($"Api:Certificate: cannot use {certificate}{(key is null ? "" : " with key " + key)} as a PEM certificate and unencrypted key: {e.Message}");
        }
    }
}
