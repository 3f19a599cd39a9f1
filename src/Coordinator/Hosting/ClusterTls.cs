using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;
using SweepCluster.Coordinator.Configuration;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// Mutual TLS between cluster members and clients: each side presents its certificate and accepts
/// the other's only if the cluster's own CA signed it. The chain is built against that CA alone,
/// never the machine's trust store, so a certificate from any other CA (public ones included) is refused.
/// </summary>
public sealed class ClusterTls
{
    private readonly X509Certificate2Collection _authorities;

    private ClusterTls(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        Certificate = certificate;
        _authorities = authorities;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The TLS of <paramref name="settings"/>, or null when no certificate is configured (plain TCP).</summary>
    public static ClusterTls? From(TlsSettings settings)
    {
        if (string.IsNullOrEmpty(settings.Certificate))
            return string.IsNullOrEmpty(settings.Authority) && string.IsNullOrEmpty(settings.Key) ? null
                : throw new SettingsException("Cluster:Tls:Authority or Key is set but Cluster:Tls:Certificate is not (--tls-cert): TLS needs this process's certificate.");
        if (string.IsNullOrEmpty(settings.Authority))
            throw new SettingsException("Cluster:Tls:Certificate is set but Cluster:Tls:Authority is not (--tls-ca): peers are trusted only when the cluster's CA signed them.");
        var certificate = Load("Cluster:Tls:Certificate", settings.Certificate, () => X509Certificate2.CreateFromPemFile(settings.Certificate, settings.Key));
        if (!certificate.HasPrivateKey)
            throw new SettingsException($"Cluster:Tls:Certificate {settings.Certificate}: no private key; give it in the same file or with --tls-key.");
        // Several CA certificates may be given (one file), so a new CA can be rolled out beside the old one.
        var authorities = Load("Cluster:Tls:Authority", settings.Authority, () =>
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPemFile(settings.Authority);
            return certificates;
        });
        if (authorities.Count == 0)
            throw new SettingsException($"Cluster:Tls:Authority {Path.GetFullPath(settings.Authority)}: no PEM certificate in it.");
        return new ClusterTls(certificate, authorities);
    }

    /// <summary>Whether the cluster's CA issued <paramref name="peer"/> (and it is valid now).</summary>
    public bool Trusts(X509Certificate2 peer)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        // A private CA publishes no revocation list; a compromised member is removed by reissuing the CA.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(peer);
    }

    /// <summary>The remoting transport's setup: this certificate, mutual authentication, peers validated by <see cref="Trusts"/>.</summary>
    public DotNettySslSetup Setup() => new(Certificate, suppressValidation: false, requireMutualAuthentication: true,
        (certificate, _, peer, _, log) =>
        {
            var trusted = certificate is not null && Trusts(certificate);
            if (!trusted)
                log?.Warning("Refused {0}: its certificate ({1}, issued by {2}) is not signed by the cluster's CA", peer, certificate?.Subject, certificate?.Issuer);
            return trusted;
        });

    private static T Load<T>(string setting, string path, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new SettingsException($"{setting}: cannot read a PEM certificate from {Path.GetFullPath(path)}: {e.Message}");
        }
    }
}
