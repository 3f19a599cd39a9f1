namespace SweepCluster.TestSupport;

/// <summary>Folders of this repository, found upwards from the test binaries (the examples, scripts and manifests specs read).</summary>
public static class RepositoryPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SweepCluster.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("SweepCluster.sln not found above " + AppContext.BaseDirectory);
    }

    public static string Examples() => Path.Combine(Root(), "examples");

    public static string Example(string name) => Path.Combine(Examples(), name);
}
