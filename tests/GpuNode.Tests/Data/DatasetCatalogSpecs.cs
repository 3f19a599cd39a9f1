using SweepCluster.GpuNode.Data;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Tests.Data;

public sealed class DatasetCatalogSpecs
{
    [Fact]
    public void Every_registered_dataset_has_a_loader()
    {
        foreach (var dataset in Datasets.All)
            Assert.NotNull(DatasetCatalog.Resolve(dataset.Name, "/data/" + dataset.Name));
    }

    [Fact]
    public void A_source_is_found_by_its_registry_name()
    {
        Assert.IsType<FashionMnistSource>(DatasetCatalog.Resolve("fashion-mnist", null));
        Assert.IsType<Cifar10Source>(DatasetCatalog.Resolve("cifar10", "/data/cifar10"));
    }

    [Theory]
    [InlineData("mnist")]
    [InlineData("imagenet")]
    public void An_unknown_name_is_a_dataset_error_listing_the_registered_names(string name)
    {
        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Resolve(name, null));

        Assert.Equal($"Unknown dataset '{name}': it must be one of fashion-mnist, cifar10.", error.Message);
    }

    [Fact]
    public void Cifar10_needs_a_folder()
    {
        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Resolve("cifar10", null));

        Assert.Contains("Datasets:Root", error.Message);
    }
}
