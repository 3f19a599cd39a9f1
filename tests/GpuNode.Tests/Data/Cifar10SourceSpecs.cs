using SweepCluster.GpuNode.Data;
using SweepCluster.Messages.Specs;
using SweepCluster.TestSupport;

namespace SweepCluster.GpuNode.Tests.Data;

public sealed class Cifar10SourceSpecs : IDisposable
{
    private const int PerBatch = 20;
    private readonly TemporaryFolder _folder = new("sweep-data-");

    public void Dispose() => _folder.Dispose();

    /// <summary>Pixel p of record r: channel-dependent so a channel mix-up shows.</summary>
    private static byte Pixel(int batch, int record, int p) => (byte)((batch * 31 + record * 7 + p / 1024 * 100 + p % 13) % 256);

    private void WriteOfficialLayout()
    {
        for (var b = 0; b < 5; b++)
        {
            var batch = b;
            var labels = Enumerable.Range(0, PerBatch).Select(r => (byte)((r + batch) % 10)).ToArray();
            _folder.Write($"data_batch_{b + 1}.bin", DatasetFiles.CifarBatch(labels, (r, p) => Pixel(batch, r, p)));
        }
        var testLabels = Enumerable.Range(0, 10).Select(r => (byte)r).ToArray();
        _folder.Write("test_batch.bin", DatasetFiles.CifarBatch(testLabels, (r, p) => Pixel(9, r, p)));
    }

    private DatasetException LoadFails() => Assert.Throws<DatasetException>(() => new Cifar10Source(_folder.Path).Load());

    [Fact]
    public void Reads_all_five_training_batches_and_the_test_batch()
    {
        WriteOfficialLayout();

        var parts = new Cifar10Source(_folder.Path).Load();

        Assert.Equal(5 * PerBatch, parts.Train.Count);
        Assert.Equal(10, parts.Test.Count);
        Assert.Equal((3, 32, 32), (parts.Train.Channels, parts.Train.Height, parts.Train.Width));
        Assert.Equal(Cifar10Source.DefaultClassNames, parts.Train.ClassNames);
        Assert.All(parts.Test.ClassCounts(), count => Assert.Equal(1, count));
    }

    [Fact]
    public void Keeps_the_planar_channel_layout_and_batch_order()
    {
        WriteOfficialLayout();

        var train = new Cifar10Source(_folder.Path).Load().Train;

        // Record 3 of batch 2 is image 1*20+3; green channel starts at 1024 within the image.
        var image = PerBatch + 3;
        Assert.Equal((3 + 1) % 10, train.Labels[image]);
        Assert.Equal(Pixel(1, 3, 1024 + 5) / 255f, train.Pixels[image * 3072 + 1024 + 5]);
        Assert.Equal(Pixel(1, 3, 2048 + 12) / 255f, train.Pixels[image * 3072 + 2048 + 12]);
    }

    [Fact]
    public void Class_names_come_from_batches_meta_when_present()
    {
        WriteOfficialLayout();
        File.WriteAllLines(Path.Combine(_folder.Path, "batches.meta.txt"), Enumerable.Range(0, 10).Select(i => $"class{i}").Append(""));

        Assert.Equal("class7", new Cifar10Source(_folder.Path).Load().Test.ClassNames[7]);
    }

    [Fact]
    public void Missing_folder_says_what_it_should_hold()
    {
        var error = Assert.Throws<DatasetException>(() => new Cifar10Source(Path.Combine(_folder.Path, "none")).Load());

        Assert.Contains("does not exist", error.Message);
        Assert.Contains("data_batch_1.bin", error.Message);
    }

    [Fact]
    public void Missing_batch_file_is_named()
    {
        WriteOfficialLayout();
        File.Delete(Path.Combine(_folder.Path, "data_batch_4.bin"));

        Assert.Contains("CIFAR-10 file missing: " + Path.Combine(_folder.Path, "data_batch_4.bin"), LoadFails().Message);
    }

    [Fact]
    public void Truncated_batch_is_named_with_the_record_size()
    {
        WriteOfficialLayout();
        var path = _folder.Write("test_batch.bin", DatasetFiles.CifarBatch([1, 2], (_, _) => 0)[..^100]);

        var message = LoadFails().Message;

        Assert.Contains(path, message);
        Assert.Contains("not a whole number of 3073-byte records", message);
    }

    [Fact]
    public void Label_out_of_range_names_file_and_record()
    {
        WriteOfficialLayout();
        var path = _folder.Write("data_batch_2.bin", DatasetFiles.CifarBatch([1, 10, 2], (_, _) => 0));

        Assert.Contains($"{path}: label 10 of record 1 is outside 0..9", LoadFails().Message);
    }
}
