using System.IO.Compression;
using SweepCluster.GpuNode.Data;
using SweepCluster.Messages.Specs;
using SweepCluster.Search.SweepFiles;
using SweepCluster.TestSupport;

namespace SweepCluster.GpuNode.Tests.Data;

/// <summary>What submission reads of a user's own data, and every bad dataset refused with the file named, as the sweep file's errors.</summary>
public sealed class DatasetResolverSpecs : IDisposable
{
    private readonly TemporaryFolder _data = new("sweep-own-");
    private readonly TemporaryFolder _cache = new("sweep-cache-");

    public void Dispose()
    {
        _data.Dispose();
        _cache.Dispose();
    }

    private LocalDatasets Local() => new((_, path) => path is null ? null : Path.Combine(_data.Path, path), _cache.Path);

    private DatasetResolver Resolver() => new(Local());

    /// <summary>Three images of each class, 8x6 grey PNG (or <paramref name="image"/>), one folder per class.</summary>
    private void ImageFolder(string root, string[] classes, Func<string, int, byte[]>? image = null)
    {
        foreach (var name in classes)
        {
            Directory.CreateDirectory(Path.Combine(_data.Path, root, name));
            for (var i = 0; i < 3; i++)
                File.WriteAllBytes(Path.Combine(_data.Path, root, name, $"{i}.png"), image?.Invoke(name, i) ?? ImageFiles.GrayPng(8, 6, (y, x) => (byte)(y * 20 + x + i)));
        }
    }

    private static string SweepFile(string dataset) => $$$"""
        name: own
        dataset: {{{dataset}}}
        model:
          blocks:
            - {type: conv, filters: 4, pool: {kind: max, size: 2}}
        training: {epochs: 1}
        search:
          strategy: grid
          parameters:
            training.optimizer.learning_rate: [0.001, 0.003]
        """;

    private SweepError Refused(string dataset)
    {
        var error = Assert.Throws<SweepFileException>(() => SweepExpander.Expand("own.yaml", SweepFile(dataset), data: Resolver()));
        return Assert.Single(error.Errors);
    }

    [Fact]
    public void An_image_folder_records_its_size_colour_classes_split_seed_and_fingerprint()
    {
        ImageFolder("pets", ["cat", "dog", "emu"]);

        var spec = Resolver().Resolve(new DatasetSpec { Name = "pets", Source = DataSource.ImageFolder, Path = "pets", Color = ColorMode.Grayscale }, sweepSeed: 11);

        Assert.Equal([8, 6], spec.Size);
        Assert.Equal(ColorMode.Grayscale, spec.Color);
        Assert.Equal(["cat", "dog", "emu"], spec.Classes);
        Assert.Equal(11, spec.SplitSeed);
        Assert.Matches("^sha256:[0-9a-f]{64}$", spec.Fingerprint);
        Assert.Equal("1x8x6", Datasets.Describe(spec)!.Shape);
    }

    [Fact]
    public void Rgb_input_gives_the_first_convolution_three_input_channels_in_the_parameter_count()
    {
        ImageFolder("pets", ["cat", "dog"]);
        long FirstTrialParameters(string color) =>
            SweepExpander.Expand("own.yaml", SweepFile($"{{name: pets, source: image_folder, path: pets, color: {color}}}"), data: Resolver()).Trials[0].Summary.Trainable;

        // The tiny sweep's first block: 4 filters of 3x3; RGB adds 2 input channels to each: 4 * 3 * 3 * 2 weights.
        Assert.Equal(4 * 3 * 3 * 2, FirstTrialParameters("rgb") - FirstTrialParameters("grayscale"));
    }

    [Fact]
    public void A_test_folder_makes_the_test_set_and_needs_no_split_seed()
    {
        ImageFolder("pets/train", ["cat", "dog"]);
        ImageFolder("pets/test", ["cat", "dog"]);

        var spec = Resolver().Resolve(new DatasetSpec { Name = "pets", Source = DataSource.ImageFolder, Path = "pets", TrainFolder = "train", TestFolder = "test" }, sweepSeed: 11);
        var parts = new DatasetCache(Local().Fingerprints).Get(Local().Source(spec), spec.Fingerprint);

        Assert.Null(spec.SplitSeed);
        Assert.Equal((6, 6), (parts.Train.Count, parts.Test.Count));
        Assert.Equal(3, parts.Train.Channels);
    }

    [Fact]
    public void An_npz_archive_records_its_shape_and_numbered_classes_from_the_arrays()
    {
        File.WriteAllBytes(_data.File("digits.npz"), NpyFiles.Npz(
            CompressionLevel.Fastest,
            ("x_train", NpyFiles.Npy("|u1", [4, 5, 7, 3], new byte[4 * 5 * 7 * 3])),
            ("y_train", NpyFiles.Npy("<i8", [4], NpyFiles.As("i8", 0, 1, 2, 1)))));

        var spec = Resolver().Resolve(new DatasetSpec { Name = "digits", Source = DataSource.Npz, Path = "digits.npz" }, sweepSeed: 2);

        Assert.Equal([5, 7], spec.Size);
        Assert.Equal(ColorMode.Rgb, spec.Color);
        Assert.Equal(["0", "1", "2"], spec.Classes);
        Assert.Equal(2, spec.SplitSeed);
    }

    [Fact]
    public void A_missing_folder_is_refused_at_the_datasets_path()
    {
        var error = Refused("{name: pets, source: image_folder, path: nowhere}");

        Assert.Equal("dataset.path", error.Path);
        Assert.Contains(_data.File("nowhere"), error.Message);
    }

    [Fact]
    public void An_empty_folder_is_refused_naming_it()
    {
        Directory.CreateDirectory(_data.File("empty"));

        var error = Refused("{name: pets, source: image_folder, path: empty}");

        Assert.Equal("dataset.path", error.Path);
        Assert.Contains(_data.File("empty"), error.Message);
    }

    [Fact]
    public void A_folder_of_one_class_is_refused()
    {
        ImageFolder("one", ["cat"]);

        var error = Refused("{name: pets, source: image_folder, path: one}");

        Assert.Contains("2", error.Message);
        Assert.Contains(_data.File("one"), error.Message);
    }

    [Fact]
    public void Images_of_two_sizes_without_a_size_are_refused_naming_one_of_each()
    {
        ImageFolder("mixed", ["cat", "dog"], (name, i) => name == "dog" && i == 2 ? ImageFiles.GrayPng(9, 6, (_, _) => 1) : ImageFiles.GrayPng(8, 6, (_, _) => 2));

        var error = Refused("{name: pets, source: image_folder, path: mixed}");

        Assert.Equal("dataset.size", error.Path);
        Assert.Contains(Path.Combine(_data.File("mixed"), "dog", "2.png") + " is 9x6", error.Message);
        Assert.Contains("set dataset.size", error.Message);
    }

    [Fact]
    public void Images_of_two_sizes_with_a_size_resolve_to_it()
    {
        ImageFolder("mixed", ["cat", "dog"], (name, i) => name == "dog" ? ImageFiles.GrayPng(9, 6, (_, _) => 1) : ImageFiles.GrayPng(8, 6, (_, _) => 2));

        var plan = SweepExpander.Expand("own.yaml", SweepFile("{name: pets, source: image_folder, path: mixed, size: [7, 7]}"), data: Resolver());

        Assert.Equal([7, 7], plan.Trials[0].Spec.Dataset.Size);
    }

    [Fact]
    public void An_undecodable_image_is_refused_naming_it()
    {
        ImageFolder("broken", ["cat", "dog"]);
        File.WriteAllBytes(_data.File("broken/dog/1.png"), [1, 2, 3, 4, 5, 6, 7, 8]);

        var error = Refused("{name: pets, source: image_folder, path: broken}");

        Assert.Contains(_data.File("broken/dog/1.png"), error.Message);
    }

    [Fact]
    public void A_label_outside_the_named_classes_is_refused_naming_the_file()
    {
        File.WriteAllBytes(_data.File("bad.npz"), NpyFiles.Npz(
            CompressionLevel.Fastest,
            ("x_train", NpyFiles.Npy("|u1", [3, 4, 4], new byte[48])),
            ("y_train", NpyFiles.Npy("|u1", [3], [0, 1, 2]))));

        var error = Refused("{name: pets, source: npz, path: bad.npz, classes: [cat, dog]}");

        Assert.Equal("dataset.classes", error.Path);
        Assert.Contains("bad.npz", error.Message);
        Assert.Contains("label 2 at index 2", error.Message);
    }

    [Fact]
    public void A_subset_larger_than_the_training_images_left_after_the_test_split_is_refused()
    {
        ImageFolder("pets", ["cat", "dog"]);

        var error = Refused("{name: pets, source: image_folder, path: pets, subset: 20}");

        Assert.Equal("dataset.subset", error.Path);
        Assert.Contains("more than the 5 training images", error.Message);
    }

    [Fact]
    public void An_image_whose_header_claims_a_huge_size_is_refused_before_decoding()
    {
        ImageFolder("huge", ["cat", "dog"]);
        File.WriteAllBytes(_data.File("huge/dog/1.png"), HugePng());

        var error = Refused("{name: pets, source: image_folder, path: huge, size: [8, 6]}");

        Assert.Contains(_data.File("huge/dog/1.png"), error.Message);
        Assert.Contains("pixels are refused", error.Message);
    }

    /// <summary>A valid PNG's header with its width and height set to 100,000 (CRC fixed): a few bytes that claim 10 gigapixels.</summary>
    private static byte[] HugePng()
    {
        var png = ImageFiles.GrayPng(8, 6, (_, _) => 1);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 100_000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 100_000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    /// <summary>PNG's chunk checksum (CRC-32, polynomial 0xEDB88320), over the chunk's type and data.</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    [Fact]
    public void A_changed_file_is_named_against_the_recorded_fingerprint()
    {
        ImageFolder("pets", ["cat", "dog"]);
        var resolver = Resolver();
        var recorded = resolver.Resolve(new DatasetSpec { Name = "pets", Source = DataSource.ImageFolder, Path = "pets" }, 1);
        File.WriteAllBytes(_data.File("pets/dog/1.png"), ImageFiles.GrayPng(8, 6, (_, _) => 99));
        File.WriteAllBytes(_data.File("pets/dog/7.png"), ImageFiles.GrayPng(8, 6, (_, _) => 98));

        var change = resolver.Changes(recorded);

        Assert.NotNull(change);
        Assert.Equal(recorded.Fingerprint, change.From);
        Assert.Contains("1 file(s) changed (dog/1.png), 1 file(s) added (dog/7.png)", change.Message);
        Assert.Null(resolver.Changes(resolver.Resolve(recorded with { Fingerprint = null }, 1)));
    }

    [Fact]
    public void A_search_may_not_vary_which_data_a_sweep_trains_on()
    {
        ImageFolder("pets", ["cat", "dog"]);
        var file = SweepFile("{name: pets, source: image_folder, path: pets}").Replace(
            "training.optimizer.learning_rate: [0.001, 0.003]", "dataset.path: [pets, others]");

        var error = Assert.Throws<SweepFileException>(() => SweepExpander.Expand("own.yaml", file, data: Resolver()));

        Assert.Contains(error.Errors, e => e.Message.Contains("'dataset.path' cannot vary"));
    }
}
