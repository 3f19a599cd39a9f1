using System.Collections.Frozen;
using SweepCluster.Coordinator.Charts;

namespace SweepCluster.Coordinator.Dashboard;

/// <summary>The dashboard's files (Dashboard/wwwroot, embedded at build time) and the chart library, served from memory.</summary>
public static class DashboardAssets
{
    private const string Prefix = "dashboard/";
    private static readonly FrozenDictionary<string, string> Types = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".txt"] = "text/plain; charset=utf-8",
    }.ToFrozenDictionary();

    private static readonly Lazy<FrozenDictionary<string, (byte[] Body, string Type)>> Files = new(Load);

    /// <summary>
    /// A folder to serve the pages from instead of the assembly (SWEEP_DASHBOARD_FILES=src/Coordinator/Dashboard/wwwroot):
    /// editing them without a build. Read at each request; the chart library still comes from the assembly.
    /// </summary>
    public const string FolderVariable = "SWEEP_DASHBOARD_FILES";

    /// <summary>The file named <paramref name="name"/> (index.html, app.js, echarts.min.js, ...), or null.</summary>
    public static (byte[] Body, string Type)? Find(string name)
    {
        if (Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder
            && Path.Combine(folder, Path.GetFileName(name)) is var path && File.Exists(path))
            return (File.ReadAllBytes(path), Types.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream"));
        return Files.Value.TryGetValue(name, out var file) ? file : null;
    }

    private static FrozenDictionary<string, (byte[] Body, string Type)> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>
        {
            ["echarts.min.js"] = (System.Text.Encoding.UTF8.GetBytes(ChartLibrary.Script), Types[".js"]),
            ["echarts.LICENSE.txt"] = (System.Text.Encoding.UTF8.GetBytes(ChartLibrary.License), Types[".txt"]),
        };
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var name = resource[Prefix.Length..];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var body = new MemoryStream();
            stream.CopyTo(body);
            files[name] = (body.ToArray(), Types.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream"));
        }
        return files.ToFrozenDictionary();
    }
}
