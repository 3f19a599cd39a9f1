using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SweepCluster.Coordinator.Tests.Cluster;

/// <summary>A certificate authority made for a test, issuing member certificates as PEM files (certificate and key in one file).</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly string _folder;
    private readonly X509Certificate2 _authority;

    public TestCertificates(string folder, string name)
    {
        _folder = folder;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        AuthorityFile = Path.Combine(folder, name + "-ca.pem");
        File.WriteAllText(AuthorityFile, _authority.ExportCertificatePem());
    }

    /// <summary>The CA's certificate (PEM), as members are given it to validate their peers.</summary>
    public string AuthorityFile { get; }

    /// <summary>Issues a member certificate valid for client and server authentication; returns its PEM file (certificate, then key).</summary>
    public string Issue(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // server and client authentication
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var issued = request.Create(_authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(16));
        var file = Path.Combine(_folder, name + ".pem");
        File.WriteAllText(file, issued.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());
        return file;
    }

    public void Dispose() => _authority.Dispose();
}
