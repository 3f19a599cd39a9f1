using SweepCluster.Messages.Specs;
namespace SweepCluster.GpuNode.Data;

/// <summary>Opens a dataset file, turning the IO error of a missing or unreadable one into a <see cref="DatasetException"/>.</summary>
internal static class DatasetFile
{
    public static FileStream OpenRead(string path)
    {
        try
        {
            return File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"{path}: cannot be opened ({e.Message}).", e);
        }
    }
}
