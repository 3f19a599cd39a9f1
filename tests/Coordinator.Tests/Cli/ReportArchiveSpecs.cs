using System.IO.Compression;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Cli;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>A report downloaded from a coordinator is unpacked only inside the folder asked for.</summary>
public sealed class ReportArchiveSpecs : IDisposable
{
    private readonly TemporaryFolder _folder = new("report-archive-");

    public void Dispose() => _folder.Dispose();

    private static byte[] Zip(params string[] names)
    {
        using var bytes = new MemoryStream();
        using (var archive = new ZipArchive(bytes, ZipArchiveMode.Create))
        {
            foreach (var name in names)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write("content of " + name);
            }
        }
        return bytes.ToArray();
    }

    [Fact]
    public void A_report_unpacks_into_the_folder_replacing_an_older_reports_figures()
    {
        var into = Path.Combine(_folder.Path, "out");
        Directory.CreateDirectory(Path.Combine(into, "figures"));
        File.WriteAllText(Path.Combine(into, "figures", "gone.png"), "an old trial's figure");

        var (html, markdown) = ReportArchive.Extract(Zip("report.html", "report.md", "figures/a.png"), into);

        Assert.Equal(Path.Combine(into, "report.html"), html);
        Assert.Equal("content of report.md", File.ReadAllText(markdown));
        Assert.Equal(["a.png"], Directory.GetFiles(Path.Combine(into, "figures")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("../escaped.html")]
    [InlineData("figures/../../escaped.html")]
    public void An_entry_outside_the_folder_is_refused(string hostile)
    {
        var into = Path.Combine(_folder.Path, "out");

        var refused = Assert.Throws<ApiRequestException>(() => ReportArchive.Extract(Zip("report.html", hostile), into));

        Assert.Contains("outside", refused.Message);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "escaped.html")));
    }

    [Fact]
    public void An_answer_that_is_no_report_says_so()
    {
        Assert.Contains("not a report archive", Assert.Throws<ApiRequestException>(() => ReportArchive.Extract([1, 2, 3], _folder.Path)).Message);
        Assert.Contains("lacks report.html", Assert.Throws<ApiRequestException>(() => ReportArchive.Extract(Zip("figures/a.png"), _folder.Path)).Message);
    }
}
