using SweepCluster.GpuNode.Data;
using SweepCluster.Messages.Specs;
using SweepCluster.TestSupport;

namespace SweepCluster.GpuNode.Tests.Data;

public sealed class FashionMnistErrorSpecs : IDisposable
{
    private readonly TemporaryFolder _folder = new("sweep-data-");

    public void Dispose() => _folder.Dispose();

    private void WriteValidSet(int trainCount = 4)
    {
        var labels = Enumerable.Range(0, trainCount).Select(i => (byte)(i % 10)).ToArray();
        _folder.Write("train-images-idx3-ubyte", DatasetFiles.IdxImages(trainCount, 3, 3, (_, _) => 7));
        _folder.Write("train-labels-idx1-ubyte", DatasetFiles.IdxLabels(labels));
        _folder.Write("t10k-images-idx3-ubyte", DatasetFiles.IdxImages(2, 3, 3, (_, _) => 7));
        _folder.Write("t10k-labels-idx1-ubyte", DatasetFiles.IdxLabels([0, 1]));
    }

    private DatasetException LoadFails() =>
        Assert.Throws<DatasetException>(() => new FashionMnistSource(_folder.Path).Load());

    [Fact]
    public void Missing_folder_names_it_and_the_debian_package()
    {
        var missing = Path.Combine(_folder.Path, "nowhere");

        var error = Assert.Throws<DatasetException>(() => new FashionMnistSource(missing).Load());

        Assert.Contains($"'{missing}' does not exist", error.Message);
        Assert.Contains("dataset-fashion-mnist", error.Message);
    }

    [Fact]
    public void Missing_file_names_the_expected_file()
    {
        WriteValidSet();
        File.Delete(Path.Combine(_folder.Path, "t10k-labels-idx1-ubyte"));

        Assert.Contains("expected t10k-labels-idx1-ubyte.gz or t10k-labels-idx1-ubyte", LoadFails().Message);
    }

    [Fact]
    public void Wrong_magic_number_names_file_and_expected_magic()
    {
        WriteValidSet();
        var path = _folder.Write("train-images-idx3-ubyte", DatasetFiles.IdxImages(4, 3, 3, (_, _) => 0, magic: 0x801));

        var message = LoadFails().Message;

        Assert.Contains(path, message);
        Assert.Contains("magic number 0x00000801 is not 0x00000803", message);
    }

    [Fact]
    public void Truncated_image_file_says_how_much_is_missing()
    {
        WriteValidSet();
        var full = DatasetFiles.IdxImages(4, 3, 3, (_, _) => 0);
        var path = _folder.Write("train-images-idx3-ubyte", full[..^5]);

        var message = LoadFails().Message;

        Assert.Contains(path, message);
        Assert.Contains("truncated: the header announces 4 images of 3x3 (36 bytes) but only 31 follow", message);
    }

    [Fact]
    public void Truncated_gzip_stream_is_reported_as_truncated()
    {
        WriteValidSet();
        var gz = DatasetFiles.Gzip(DatasetFiles.IdxLabels(Enumerable.Repeat((byte)1, 5000).ToArray()));
        File.Delete(Path.Combine(_folder.Path, "train-labels-idx1-ubyte"));
        var path = _folder.Write("train-labels-idx1-ubyte.gz", gz[..(gz.Length / 2)]);

        var message = LoadFails().Message;

        Assert.Contains(path, message);
        Assert.Contains("truncated", message);
    }

    [Fact]
    public void Truncated_header_is_reported()
    {
        WriteValidSet();
        var path = _folder.Write("t10k-labels-idx1-ubyte", [0, 0, 8]);

        Assert.Contains($"{path}: 3 bytes is shorter than the 8-byte idx1 labels header", LoadFails().Message);
    }

    [Fact]
    public void Image_and_label_count_mismatch_names_both_files()
    {
        WriteValidSet();
        var labels = _folder.Write("train-labels-idx1-ubyte", DatasetFiles.IdxLabels([1, 2, 3]));

        var message = LoadFails().Message;

        Assert.Contains("holds 4 images but", message);
        Assert.Contains($"{labels} holds 3 labels", message);
    }

    [Fact]
    public void Label_out_of_range_names_file_index_and_range()
    {
        WriteValidSet();
        var path = _folder.Write("t10k-labels-idx1-ubyte", DatasetFiles.IdxLabels([0, 12]));

        Assert.Contains($"{path}: label 12 at index 1 is outside 0..9", LoadFails().Message);
    }
}
