namespace SweepCluster.Coordinator.Tests;

internal static class RepositoryRoot
{
    /// <summary>The folder holding SweepCluster.sln, found upwards from the test binaries.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SweepCluster.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("SweepCluster.sln not found above " + AppContext.BaseDirectory);
    }
}
