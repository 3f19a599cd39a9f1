using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Search.SweepFiles;

/// <summary>
/// A trial's id: the first 12 hex digits of the SHA-256 of its spec in canonical JSON, its data's
/// fingerprint left out: the same sweep file on changed data is the same sweep, which a resume then
/// refuses (naming what changed) instead of silently starting another.
/// </summary>
public static class TrialIds
{
    public static string For(TrialSpec spec)
    {
        var identity = spec with { Dataset = spec.Dataset with { Fingerprint = null } };
        var canonical = JsonSerializer.Serialize(identity, SpecJson.Canonical);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..12];
    }
}
