using System.Security.Cryptography.X509Certificates;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Tests.Cluster;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Hosting;

public sealed class ClusterTlsSpecs : IDisposable
{
    private readonly TemporaryFolder _folder = new("cluster-tls-");
    private readonly TestCertificates _cluster;
    private readonly TestCertificates _other;

    public ClusterTlsSpecs()
    {
        _cluster = new TestCertificates(_folder.Path, "cluster");
        _other = new TestCertificates(_folder.Path, "other");
    }

    public void Dispose()
    {
        _cluster.Dispose();
        _other.Dispose();
        _folder.Dispose();
    }

    private ClusterTls Member(string name) =>
        ClusterTls.From(new TlsSettings { Certificate = _cluster.Issue(name), Authority = _cluster.AuthorityFile })!;

    [Fact]
    public void Trusts_certificates_of_the_clusters_own_CA_and_no_other()
    {
        var coordinator = Member("coordinator");
        using var node = X509Certificate2.CreateFromPemFile(_cluster.Issue("node"));
        using var intruder = X509Certificate2.CreateFromPemFile(_other.Issue("intruder"));

        Assert.True(coordinator.Certificate.HasPrivateKey);
        Assert.True(coordinator.Trusts(node));
        Assert.False(coordinator.Trusts(intruder));
    }

    [Fact]
    public void Is_off_without_a_certificate_and_refuses_half_a_configuration_naming_the_setting()
    {
        Assert.Null(ClusterTls.From(new TlsSettings()));
        var noAuthority = Assert.Throws<SettingsException>(() => ClusterTls.From(new TlsSettings { Certificate = _cluster.Issue("a") }));
        Assert.Contains("Cluster:Tls:Authority", noAuthority.Message);
        var noCertificate = Assert.Throws<SettingsException>(() => ClusterTls.From(new TlsSettings { Authority = _cluster.AuthorityFile }));
        Assert.Contains("Cluster:Tls:Certificate", noCertificate.Message);
    }

    [Fact]
    public void A_missing_file_or_a_certificate_without_its_key_is_named()
    {
        var missing = Path.Combine(_folder.Path, "missing.pem");
        var error = Assert.Throws<SettingsException>(() => ClusterTls.From(new TlsSettings { Certificate = missing, Authority = _cluster.AuthorityFile }));
        Assert.Contains(missing, error.Message);
        var keyless = Assert.Throws<SettingsException>(() => ClusterTls.From(new TlsSettings { Certificate = _cluster.AuthorityFile, Authority = _cluster.AuthorityFile }));
        Assert.Contains("Cluster:Tls:Certificate", keyless.Message);
    }
}
