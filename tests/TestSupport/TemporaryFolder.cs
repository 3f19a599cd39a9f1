namespace SweepCluster.TestSupport;

/// <summary>
/// A fresh folder under the system's temporary folder for one test (or one fixture), removed on
/// <see cref="Dispose"/> together with anything the code under test moved aside beside it (a checkpoint folder
/// that would not load is renamed <c>{folder}.unreadable-TIME</c>).
/// </summary>
/// <param name="prefix">Starts the folder's name, so a folder a crashed test left behind says whose it was.</param>
public sealed class TemporaryFolder(string prefix = "sweep-") : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The path of <paramref name="name"/> inside the folder (nothing is created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a text file into the folder and returns its path.</summary>
    public string Write(string name, string text)
    {
        var file = File(name);
        System.IO.File.WriteAllText(file, text);
        return file;
    }

    /// <summary>Writes a binary file into the folder and returns its path.</summary>
    public string Write(string name, byte[] bytes)
    {
        var file = File(name);
        System.IO.File.WriteAllBytes(file, bytes);
        return file;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
        // The folder's name ends in random characters: a sibling named after it came from it.
        foreach (var aside in Directory.GetDirectories(System.IO.Path.GetDirectoryName(Path)!, System.IO.Path.GetFileName(Path) + ".*"))
            Directory.Delete(aside, recursive: true);
    }
}
