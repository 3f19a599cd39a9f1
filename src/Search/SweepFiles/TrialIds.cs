using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Search.SweepFiles;

/// <summary>A trial's id: the first 12 hex digits of the SHA-256 of its spec in canonical JSON.</summary>
public static class TrialIds
{
    public static string For(TrialSpec spec)
    {
        var canonical = JsonSerializer.Serialize(spec, SpecJson.Canonical);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..12];
    }
}
