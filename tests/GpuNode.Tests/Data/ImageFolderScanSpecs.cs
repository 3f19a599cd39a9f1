using SweepCluster.GpuNode.Data;
using SweepCluster.Messages.Specs;
using SweepCluster.TestSupport;

namespace SweepCluster.GpuNode.Tests.Data;

public sealed class ImageFolderScanSpecs : IDisposable
{
    private readonly TemporaryFolder _folder = new("sweep-image-folder-");

    public void Dispose() => _folder.Dispose();

    /// <summary>Creates the file (and its folders); scanning never opens it, so its content does not matter.</summary>
    private string Touch(string relative)
    {
        var path = Path.Combine(_folder.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
        return path;
    }

    private DatasetException ScanFails(IReadOnlyList<string>? classes = null) =>
        Assert.Throws<DatasetException>(() => ImageFolderScan.Scan(_folder.Path, classes));

    [Fact]
    public void Scan_should_sort_classes_and_files_ordinally_and_pick_only_visible_images()
    {
        Touch("dog/b.PNG");
        Touch("dog/a.jpeg");
        Touch("dog/nested/c.jpg");
        Touch("dog/.hidden.png");
        Touch("dog/.thumbs/d.png");
        Touch("dog/notes.txt");
        Touch("Cat/z.JPG");
        Touch(".git/x.png");
        Touch("README.md");

        var scan = ImageFolderScan.Scan(_folder.Path, null);

        Assert.Equal(["Cat", "dog"], scan.Classes);
        Assert.Equal(
            [new ImageFile(Path.Combine(_folder.Path, "Cat/z.JPG"), 0), new ImageFile(Path.Combine(_folder.Path, "dog/a.jpeg"), 1),
             new ImageFile(Path.Combine(_folder.Path, "dog/b.PNG"), 1), new ImageFile(Path.Combine(_folder.Path, "dog/nested/c.jpg"), 1)],
            scan.Files);
    }

    [Fact]
    public void Scan_should_follow_folder_links_without_looping()
    {
        Touch("a/1.png");
        Touch("b/sub/2.png");
        Directory.CreateSymbolicLink(Path.Combine(_folder.Path, "b/sub/up"), Path.Combine(_folder.Path, "b"));

        var scan = ImageFolderScan.Scan(_folder.Path, null);

        Assert.Equal([Path.Combine(_folder.Path, "a/1.png"), Path.Combine(_folder.Path, "b/sub/2.png")], scan.Files.Select(f => f.Path));
    }

    [Fact]
    public void Scan_should_label_classes_in_the_order_given()
    {
        Touch("a/1.png");
        Touch("b/1.png");
        Touch("c/1.png");

        var scan = ImageFolderScan.Scan(_folder.Path, ["c", "a", "b"]);

        Assert.Equal(["c", "a", "b"], scan.Classes);
        Assert.Equal([0, 1, 2], scan.Files.Select(f => f.Label));
        Assert.EndsWith("c/1.png", scan.Files[0].Path);
    }

    [Fact]
    public void A_listed_class_without_a_folder_is_named_with_the_folders_present()
    {
        Touch("a/1.png");
        Touch("b/1.png");

        var message = ScanFails(["a", "b", "horse"]).Message;

        Assert.Contains($"{_folder.Path}: no folder for the listed class(es) horse; the class folders present are: a, b", message);
    }

    [Fact]
    public void A_folder_missing_from_the_class_list_is_named()
    {
        Touch("a/1.png");
        Touch("b/1.png");
        Touch("extra/1.png");

        Assert.Contains($"{_folder.Path}: the folder(s) extra are not in the class list", ScanFails(["a", "b"]).Message);
    }

    [Fact]
    public void A_class_listed_twice_is_refused()
    {
        Touch("a/1.png");
        Touch("b/1.png");

        Assert.Contains("names a more than once", ScanFails(["a", "b", "a"]).Message);
    }

    [Fact]
    public void A_missing_root_is_named_with_the_expected_layout()
    {
        var root = Path.Combine(_folder.Path, "none");

        var message = Assert.Throws<DatasetException>(() => ImageFolderScan.Scan(root, null)).Message;

        Assert.Contains($"{root}: image folder does not exist; expected one sub-folder per class", message);
    }

    [Fact]
    public void A_root_without_class_folders_is_named()
    {
        Touch("README.md");
        Touch(".cache/x.png");

        Assert.Contains($"{_folder.Path}: holds no class folders", ScanFails().Message);
    }

    [Fact]
    public void A_class_folder_without_images_is_named()
    {
        Touch("a/1.png");
        Touch("b/readme.txt");

        Assert.Contains($"{Path.Combine(_folder.Path, "b")}: class folder holds no images", ScanFails().Message);
    }

    [Fact]
    public void A_single_class_is_refused()
    {
        Touch("only/1.png");

        Assert.Contains($"{_folder.Path}: holds only the class 'only'; a classifier needs at least 2 classes", ScanFails().Message);
    }

    [Fact]
    public void Images_directly_in_the_root_are_named_and_sent_to_class_folders()
    {
        Touch("a/1.png");
        Touch("b/1.png");
        Touch("stray.jpg");

        var message = ScanFails().Message;

        Assert.Contains($"{_folder.Path}: 1 image(s) lie directly in the folder (stray.jpg)", message);
        Assert.Contains("images must be in class folders", message);
    }
}
