using k8s.Models;
using YamlDotNet.Serialization;

namespace SweepCluster.Coordinator.Tests.Deploy;

/// <summary>
/// The cert-manager kinds the TLS component uses, with only the fields it sets, so that loading them
/// strictly rejects a misspelled field as it does for the built-in kinds (cert-manager.io/v1).
/// </summary>
public static class CertManager
{
    public static readonly IDictionary<string, Type> TypeMap = new Dictionary<string, Type>
    {
        ["cert-manager.io/v1/Issuer"] = typeof(Issuer),
        ["cert-manager.io/v1/Certificate"] = typeof(Certificate),
    };

    public sealed class Issuer
    {
        public string ApiVersion { get; set; } = "";
        public string Kind { get; set; } = "";
        public V1ObjectMeta Metadata { get; set; } = new();
        public IssuerSpec Spec { get; set; } = new();
    }

    /// <summary>Exactly one of the two: a self-signed issuer, or a CA whose key pair is a Secret.</summary>
    public sealed class IssuerSpec
    {
        public Dictionary<string, string>? SelfSigned { get; set; }
        public CaIssuer? Ca { get; set; }
    }

    public sealed class CaIssuer
    {
        public string SecretName { get; set; } = "";
    }

    public sealed class Certificate
    {
        public string ApiVersion { get; set; } = "";
        public string Kind { get; set; } = "";
        public V1ObjectMeta Metadata { get; set; } = new();
        public CertificateSpec Spec { get; set; } = new();
    }

    public sealed class CertificateSpec
    {
        [YamlMember(Alias = "isCA", ApplyNamingConventions = false)]
        public bool IsCa { get; set; }
        public string? CommonName { get; set; }
        public List<string> DnsNames { get; set; } = [];
        public string SecretName { get; set; } = "";
        public string? Duration { get; set; }
        public string? RenewBefore { get; set; }
        public List<string> Usages { get; set; } = [];
        public PrivateKey? PrivateKey { get; set; }
        public IssuerReference IssuerRef { get; set; } = new();
    }

    public sealed class PrivateKey
    {
        public string? Algorithm { get; set; }
        public int? Size { get; set; }
        public string? RotationPolicy { get; set; }
    }

    public sealed class IssuerReference
    {
        public string? Group { get; set; }
        public string Kind { get; set; } = "Issuer";
        public string Name { get; set; } = "";
    }
}
