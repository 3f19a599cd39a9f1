using SweepCluster.Messages.Specs;

namespace SweepCluster.Messages.Tests.Specs;

public sealed class DatasetsSpecs
{
    [Theory]
    [InlineData("fashion-mnist", 1, 28, 28, 60_000, 10_000)]
    [InlineData("cifar10", 3, 32, 32, 50_000, 10_000)]
    public void Each_dataset_is_found_by_name_with_its_shape_and_set_sizes(string name, int channels, int height, int width, int train, int test)
    {
        var dataset = Datasets.Get(name);

        Assert.Equal(name, dataset.Name);
        Assert.Equal((channels, height, width), (dataset.Channels, dataset.Height, dataset.Width));
        Assert.Equal((train, test), (dataset.TrainImages, dataset.TestImages));
        Assert.Equal(10, dataset.Classes);
    }

    [Fact]
    public void Class_names_are_listed_by_label()
    {
        Assert.Equal("Ankle boot", Datasets.FashionMnist.ClassNames[9]);
        Assert.Equal("airplane", Datasets.Cifar10.ClassNames[0]);
        Assert.All(Datasets.All, d => Assert.Equal(d.Classes, d.ClassNames.Distinct().Count()));
    }

    [Fact]
    public void Names_are_unique_and_in_the_order_of_the_list()
    {
        Assert.Equal(["fashion-mnist", "cifar10"], Datasets.Names);
        Assert.Equal(Datasets.Names.Count, Datasets.Names.Distinct().Count());
    }

    [Theory]
    [InlineData("mnist")]
    [InlineData("Fashion-MNIST")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_name_is_not_found_and_getting_it_lists_the_valid_names(string? name)
    {
        Assert.Null(Datasets.Find(name));
        var error = Assert.Throws<UnknownDatasetException>(() => Datasets.Get(name));
        Assert.Equal($"Unknown dataset '{name}': it must be one of fashion-mnist, cifar10.", error.Message);
        Assert.Equal(name, error.Name);
    }
}
