using System.Security.Cryptography;
using System.Text;

namespace SweepCluster.Search.SweepFiles;

/// <summary>A sweep's id: its name and a hash of its trial ids, so running the same file again resumes the same sweep.</summary>
public static class SweepIds
{
    public static string For(SweepPlan plan)
    {
        var trials = string.Join(",", plan.Trials.Select(t => t.Id));
        return $"{plan.Name}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(trials)))[..8]}";
    }
}
