using System.IO.Compression;
using SweepCluster.Coordinator.Api;

namespace SweepCluster.Coordinator.Cli;

/// <summary>A report downloaded from a coordinator, unpacked into a folder as <c>sweep report</c> writes one.</summary>
public static class ReportArchive
{
    /// <returns>The paths of report.html and report.md.</returns>
    /// <exception cref="ApiRequestException">The archive is not a report, or names a file outside the folder.</exception>
    public static (string Html, string Markdown) Extract(byte[] zip, string folder)
    {
        var root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
        var figures = Path.Combine(root, "figures");
        // A previous report's figures of trials that are gone must not be mistaken for this one's.
        if (Directory.Exists(figures))
            Directory.Delete(figures, recursive: true);
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
            foreach (var entry in archive.Entries.Where(e => e.Name.Length > 0))
            {
                var target = Path.GetFullPath(Path.Combine(root, entry.FullName));
                if (!target.StartsWith(root, StringComparison.Ordinal))
                    throw new ApiRequestException($"The coordinator's report names a file outside {folder} ({entry.FullName}); nothing more was written.", []);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                entry.ExtractToFile(target, overwrite: true);
            }
        }
        catch (InvalidDataException e)
        {
            throw new ApiRequestException($"The coordinator's answer is not a report archive: {e.Message}", []);
        }
        var html = Path.Combine(root, "report.html");
        var markdown = Path.Combine(root, "report.md");
        return File.Exists(html) && File.Exists(markdown) ? (html, markdown)
            : throw new ApiRequestException("The coordinator's report archive lacks report.html or report.md.", []);
    }
}
