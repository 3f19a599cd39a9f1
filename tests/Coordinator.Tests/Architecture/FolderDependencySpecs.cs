using System.Text.RegularExpressions;
using System.Xml.Linq;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Architecture;

/// <summary>
/// The coordinator's folders form layers (Configuration &lt; Logging &lt; Persistence &lt; ReadModel &lt;
/// Ownership, Queries, Ranking, Sweeps &lt; Hosting, Reports &lt; Api &lt; Cli): a folder names another's namespace
/// only if it sits below it, so a reader can take them in that order. And the GPU node builds without Search.
/// </summary>
public sealed partial class FolderDependencySpecs
{
    private static readonly string Root = RepositoryPaths.Root();

    [Fact]
    public void No_coordinator_folder_depends_on_itself_through_others()
    {
        var uses = FolderUses(Path.Combine(Root, "src", "Coordinator"));

        var cycle = Cycle(uses);

        Assert.True(cycle is null, $"folder cycle: {string.Join(" -> ", cycle ?? [])}");
        Assert.Contains("Ranking", uses["Reports"]);
        Assert.DoesNotContain("Cli", uses["Reports"]);
    }

    [Fact]
    public void The_gpu_node_references_the_contracts_but_not_search()
    {
        var project = XDocument.Load(Path.Combine(Root, "src", "GpuNode", "SweepCluster.GpuNode.csproj"));

        var references = project.Descendants("ProjectReference").Select(r => Path.GetFileName(r.Attribute("Include")!.Value)).ToList();

        Assert.Equal(["SweepCluster.Messages.csproj"], references);
    }

    /// <summary>For each folder, the other folders whose namespace its files name (by a using or in full).</summary>
    private static Dictionary<string, HashSet<string>> FolderUses(string source)
    {
        var uses = new Dictionary<string, HashSet<string>>();
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file).Split(Path.DirectorySeparatorChar);
            if (relative.Length < 2 || relative[0] is "bin" or "obj")
                continue;
            var folder = relative[0];
            var named = uses.TryGetValue(folder, out var set) ? set : uses[folder] = [];
            foreach (Match m in CoordinatorNamespace().Matches(File.ReadAllText(file)))
            {
                if (m.Groups[1].Value != folder)
                    named.Add(m.Groups[1].Value);
            }
        }
        return uses;
    }

    /// <summary>A cycle as the folders along it, or null.</summary>
    private static List<string>? Cycle(Dictionary<string, HashSet<string>> uses)
    {
        var done = new HashSet<string>();
        var path = new List<string>();
        List<string>? Visit(string folder)
        {
            if (path.IndexOf(folder) is var at and >= 0)
                return [.. path[at..], folder];
            if (!done.Add(folder))
                return null;
            path.Add(folder);
            foreach (var next in uses.GetValueOrDefault(folder, []).Order())
            {
                if (Visit(next) is { } cycle)
                    return cycle;
            }
            path.RemoveAt(path.Count - 1);
            return null;
        }
        return uses.Keys.Order().Select(Visit).FirstOrDefault(c => c is not null);
    }

    [GeneratedRegex(@"\bSweepCluster\.Coordinator\.(\w+)")]
    private static partial Regex CoordinatorNamespace();
}
