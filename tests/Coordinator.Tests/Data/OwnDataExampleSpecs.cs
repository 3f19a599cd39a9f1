using SweepCluster.Coordinator.Configuration;
using SweepCluster.GpuNode.Data;
using SweepCluster.Messages.Specs;
using SweepCluster.Search.SweepFiles;
using SweepCluster.TestSupport;
using static SweepCluster.Coordinator.Tests.Data.FashionMnistExports;

namespace SweepCluster.Coordinator.Tests.Data;

/// <summary>The own-data examples expand on data the spec puts where they look for it: the data root.</summary>
public sealed class OwnDataExampleSpecs : IDisposable
{
    private readonly TemporaryFolder _root = new("sweep-data-root-");
    private readonly TemporaryFolder _cache = new("sweep-cache-");

    public void Dispose()
    {
        _root.Dispose();
        _cache.Dispose();
    }

    private DatasetSpec Expanded(string example)
    {
        var datasets = new DatasetSettings { Root = _root.Path, Cache = _cache.Path }.Local();
        var plan = SweepExpander.ExpandFile(Path.Combine(RepositoryPaths.Examples(), "own-data", example), data: new DatasetResolver(datasets));
        Assert.Equal(2, plan.Trials.Count);
        return plan.Trials[0].Spec.Dataset;
    }

    [Fact]
    public void The_image_folder_example_resizes_mixed_images_to_rgb_64x64()
    {
        var (train, test) = Subsets(100, 50, seed: 1);
        WriteImageFolder(_root.File("pets/train"), train, i => i % 2 == 0 ? ImageForm.RgbJpeg : ImageForm.GrayPngLarger);
        WriteImageFolder(_root.File("pets/test"), test, _ => ImageForm.RgbPng);

        var spec = Expanded("image-folder.yaml");

        Assert.Equal("3x64x64", Datasets.Describe(spec)!.Shape);
        Assert.Equal(10, spec.Classes!.Count);
    }

    [Fact]
    public void The_npz_example_names_the_labels_classes()
    {
        var (train, test) = Subsets(100, 50, seed: 1);
        WriteNpz(_root.File("digits.npz"), train, test);

        var spec = Expanded("npz.yaml");

        Assert.Equal("1x28x28", Datasets.Describe(spec)!.Shape);
        Assert.Equal("nine", spec.Classes![9]);
        Assert.Null(spec.SplitSeed);
    }

    [Fact]
    public void The_npy_example_splits_its_test_set_off_with_the_sweeps_seed()
    {
        var (train, _) = Subsets(100, 50, seed: 1);
        WriteNpy(_root.File("scans"), "images", "labels", train);

        var spec = Expanded("npy.yaml");

        Assert.Equal(7, spec.SplitSeed);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], spec.Classes);
    }

    [Fact]
    public void The_idx_example_reads_mnist_format_files_under_the_root()
    {
        CopyIdx(_root.File("kmnist"));

        var spec = Expanded("idx.yaml");

        Assert.Equal("1x28x28", Datasets.Describe(spec)!.Shape);
        Assert.Matches("^sha256:", spec.Fingerprint);
    }

    [Fact]
    public void A_path_that_leaves_the_data_root_is_refused()
    {
        var settings = new DatasetSettings { Root = _root.Path };

        var error = Assert.Throws<DatasetException>(() => settings.Folder("pets", "../elsewhere"));

        Assert.Contains("leads outside the data root", error.Message);
        Assert.Equal(_root.File("pets"), settings.Folder("pets", "pets"));
    }
}
