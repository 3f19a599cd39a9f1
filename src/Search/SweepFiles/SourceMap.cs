namespace SweepCluster.Search.SweepFiles;

/// <summary>Where each dotted path of a sweep file was written, so errors can point at a line.</summary>
public sealed class SourceMap(string file)
{
    private readonly Dictionary<string, (int Line, int Column)> _positions = new(StringComparer.Ordinal);

    public string File { get; } = file;

    public void Add(string path, int line, int column) => _positions[path] = (line, column);

    /// <summary>The position of <paramref name="path"/>, or of its nearest written ancestor.</summary>
    public (int Line, int Column) Find(string path)
    {
        for (var at = path; ; at = SpecPath.Parent(at))
        {
            if (_positions.TryGetValue(at, out var position))
                return position;
            if (at.Length == 0)
                return (1, 1);
        }
    }

    public SweepError Error(string path, string message) => ErrorAt(path, path, message);

    /// <summary>An error about <paramref name="path"/>, placed where <paramref name="location"/> was written.</summary>
    public SweepError ErrorAt(string location, string path, string message)
    {
        var (line, column) = Find(location);
        return new SweepError(File, line, column, path.Length == 0 ? "(file)" : path, message);
    }
}
