using SweepCluster.GpuNode.Data;
using SweepCluster.Messages.Specs;
using SweepCluster.TestSupport;

namespace SweepCluster.GpuNode.Tests.Data;

public sealed class ImageFolderReaderSpecs : IDisposable
{
    private readonly TemporaryFolder _folder = new("sweep-image-folder-");

    public void Dispose() => _folder.Dispose();

    /// <summary>Image i is flat gray 10*i, class i % 2; some are JPEG, whose flat colour survives nearly unchanged.</summary>
    private List<ImageFile> WriteImages(int count, int height = 4, int width = 5)
    {
        var files = new List<ImageFile>();
        for (var i = 0; i < count; i++)
        {
            var gray = (byte)(10 * i);
            var bytes = i % 3 == 0 ? ImageFiles.Jpeg(height, width, (_, _) => (gray, gray, gray)) : ImageFiles.Png(height, width, (_, _) => (gray, gray, gray));
            files.Add(new ImageFile(_folder.Write($"{i}{(i % 3 == 0 ? ".jpg" : ".png")}", bytes), i % 2));
        }
        return files;
    }

    [Fact]
    public void Reader_should_decode_every_image_in_list_order_with_its_label()
    {
        var files = WriteImages(20);

        var (pixels, labels) = ImageFolderReader.Read(files, 3, 4, 5, resize: false);

        Assert.Equal(20 * 3 * 4 * 5, pixels.Length);
        Assert.Equal(files.Select(f => f.Label), labels);
        for (var i = 0; i < 20; i++)
            Assert.All(pixels[(i * 60)..((i + 1) * 60)], v => Assert.InRange(v, 10 * i - 2, 10 * i + 2));
    }

    [Fact]
    public void Reader_should_resize_mixed_sizes_when_asked()
    {
        var files = WriteImages(2);
        files.Add(new ImageFile(_folder.Write("big.png", ImageFiles.Png(8, 10, (_, _) => (90, 90, 90))), 0));

        var (pixels, _) = ImageFolderReader.Read(files, 1, 4, 5, resize: true);

        Assert.All(pixels[40..], v => Assert.Equal(90, v));
    }

    [Fact]
    public void Mixed_sizes_without_resize_name_the_odd_file()
    {
        var files = WriteImages(6);
        var odd = _folder.Write("odd.png", ImageFiles.Png(7, 5, (_, _) => (1, 2, 3)));
        files.Insert(3, new ImageFile(odd, 1));

        var error = Assert.Throws<DatasetException>(() => ImageFolderReader.Read(files, 3, 4, 5, resize: false));

        Assert.Contains($"{odd}: image is 7x5 (height x width), expected 4x5", error.Message);
    }

    [Fact]
    public void An_undecodable_file_among_many_is_named()
    {
        var files = WriteImages(10);
        var bad = _folder.Write("x.png", [1, 2, 3, 4, 5, 6, 7, 8]);
        files.Insert(5, new ImageFile(bad, 0));

        var error = Assert.Throws<DatasetException>(() => ImageFolderReader.Read(files, 3, 4, 5, resize: false));

        Assert.Contains($"{bad}: not a decodable PNG or JPEG image", error.Message);
    }
}
