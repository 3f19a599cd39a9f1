using SweepCluster.Coordinator.Configuration;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Coordinator.Tests.Configuration;

public sealed class DatasetSettingsSpecs
{
    private static Func<string, bool> Existing(params string[] folders) => folders.Contains;

    [Fact]
    public void Without_a_root_paths_are_taken_as_given_and_fashion_mnist_falls_back_to_Debians_folder()
    {
        var settings = new DatasetSettings();

        Assert.Equal("data/cifar10", settings.Folder("cifar10", "data/cifar10", Existing()));
        Assert.Equal("/usr/share/datasets/fashion-mnist", settings.Folder("fashion-mnist", null, Existing()));
        Assert.Null(settings.Folder("cifar10", null, Existing()));
    }

    [Fact]
    public void Under_a_root_relative_paths_resolve_inside_it_and_absolute_ones_must_lie_inside_it()
    {
        var settings = new DatasetSettings { Root = "/data", Cifar10 = "batches" };

        Assert.Equal("/data/mine/cifar", settings.Folder("cifar10", "mine/cifar", Existing()));
        Assert.Equal("/data/cifar", settings.Folder("cifar10", "/data/cifar", Existing()));
        Assert.Equal("/data/batches", settings.Folder("cifar10", null, Existing()));
        var error = Assert.Throws<DatasetException>(() => settings.Folder("cifar10", "/srv/cifar", Existing()));
        Assert.Contains("'/srv/cifar' leads outside the data root /data", error.Message);
    }

    [Fact]
    public void A_dataset_with_no_folder_of_its_own_is_read_from_the_roots_folder_of_its_name_when_that_exists()
    {
        var settings = new DatasetSettings { Root = "/data" };

        Assert.Equal("/data/cifar10", settings.Folder("cifar10", null, Existing("/data/cifar10")));
        Assert.Equal("/data/fashion-mnist", settings.Folder("fashion-mnist", null, Existing("/data/fashion-mnist")));
        // An empty volume still runs the quickstart from the copy inside the image.
        Assert.Equal("/usr/share/datasets/fashion-mnist", settings.Folder("fashion-mnist", null, Existing()));
        Assert.Null(settings.Folder("cifar10", null, Existing()));
    }

    [Fact]
    public void A_configured_folder_beats_the_root_and_the_sweep_files_path_beats_both()
    {
        var settings = new DatasetSettings { Root = "/data", FashionMnist = "/mnt/fmnist" };

        Assert.Equal("/mnt/fmnist", settings.Folder("fashion-mnist", null, Existing("/data/fashion-mnist")));
        Assert.Equal("/data/other", settings.Folder("fashion-mnist", "other", Existing("/data/fashion-mnist")));
    }
}
