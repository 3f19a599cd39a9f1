using System.IO.Compression;
using SweepCluster.GpuNode.Data;
using SweepCluster.Messages.Specs;
using SweepCluster.TestSupport;

namespace SweepCluster.GpuNode.Tests.Data;

public sealed class NpzArchiveSpecs : IDisposable
{
    private readonly TemporaryFolder _folder = new("sweep-npz-");

    public void Dispose() => _folder.Dispose();

    private string WriteImagesAndLabels(CompressionLevel level) =>
        _folder.Write("data.npz", NpyFiles.Npz(
            level,
            ("x_train", NpyFiles.Npy("|u1", [3, 2, 2], [.. Enumerable.Range(0, 12).Select(i => (byte)i)])),
            ("y_train", NpyFiles.Npy("<i8", [3], NpyFiles.As("i8", 2, 0, 1)))));

    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Optimal)]
    public void Archive_should_list_members_and_read_them_stored_or_deflated(CompressionLevel level)
    {
        var path = WriteImagesAndLabels(level);

        using var npz = NpzArchive.Open(path);

        Assert.Equal(["x_train", "y_train"], npz.Members);
        Assert.Equal([3, 2, 2], npz.ReadHeader("x_train").Shape);
        var images = npz.Read("x_train");
        Assert.Equal(11, images.ToBytes()[11]);
        Assert.Equal($"{path}:x_train.npy", images.Source);
        Assert.Equal([2, 0, 1], npz.Read("y_train").ToLabels());
    }

    [Fact]
    public void Missing_member_lists_the_members_present()
    {
        var path = WriteImagesAndLabels(CompressionLevel.Optimal);
        using var npz = NpzArchive.Open(path);

        var error = Assert.Throws<DatasetException>(() => npz.Read("x_test"));

        Assert.Contains($"{path}: no array 'x_test' in the archive; the arrays present are: x_train, y_train", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_named()
    {
        var path = _folder.Write("data.npz", NpyFiles.Npy("|u1", [1], [1]));

        var error = Assert.Throws<DatasetException>(() => NpzArchive.Open(path));

        Assert.Contains($"{path}: not a readable .npz (zip) archive", error.Message);
        Assert.Contains("numpy.savez", error.Message);
    }

    [Fact]
    public void A_bad_member_is_named_with_archive_and_member()
    {
        var path = _folder.Write("data.npz", NpyFiles.Npz(CompressionLevel.Optimal, ("x", NpyFiles.Npy(">f8", [1], new byte[8]))));
        using var npz = NpzArchive.Open(path);

        var error = Assert.Throws<DatasetException>(() => npz.ReadHeader("x"));

        Assert.Contains($"{path}:x.npy: dtype '>f8' is big-endian", error.Message);
    }

    [Fact]
    public void A_truncated_member_is_named_with_archive_and_member()
    {
        var path = _folder.Write("data.npz", NpyFiles.Npz(CompressionLevel.NoCompression, ("x", NpyFiles.Npy("<f4", [4], new byte[6]))));
        using var npz = NpzArchive.Open(path);

        var error = Assert.Throws<DatasetException>(() => npz.Read("x"));

        Assert.Contains($"{path}:x.npy: truncated", error.Message);
    }
}
