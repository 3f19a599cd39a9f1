using SweepCluster.GpuNode.Data;
using SweepCluster.Messages.Specs;
using SweepCluster.TestSupport;

namespace SweepCluster.GpuNode.Tests.Data;

public sealed class NpyArraySpecs
{
    private static NpyArray Array(string descr, int[] shape, params double[] values)
    {
        using var stream = new MemoryStream(NpyFiles.Npy(descr, shape, NpyFiles.As(descr[1..], values)));
        return NpyReader.Read(stream, "/data/y.npy");
    }

    [Theory]
    [InlineData("|u1")]
    [InlineData("|i1")]
    [InlineData("<u2")]
    [InlineData("<i2")]
    [InlineData("<u4")]
    [InlineData("<i4")]
    [InlineData("<i8")]
    [InlineData("<f4")]
    [InlineData("<f8")]
    public void Labels_should_convert_from_every_dtype_holding_whole_numbers(string descr)
    {
        Assert.Equal([3, 0, 9, 1], Array(descr, [4], 3, 0, 9, 1).ToLabels());
    }

    [Fact]
    public void Labels_should_accept_a_column_of_shape_n_by_1()
    {
        var labels = Array("<i8", [3, 1], 2, 1, 0);

        Assert.Equal(3, labels.Count);
        Assert.Equal([2, 1, 0], labels.ToLabels());
    }

    [Fact]
    public void Float_labels_that_are_not_whole_numbers_are_refused_naming_the_index()
    {
        var error = Assert.Throws<DatasetException>(() => Array("<f4", [3], 1, 2.5, 3).ToLabels());

        Assert.Contains("/data/y.npy: label 2.5 at index 1 is not a whole number", error.Message);
    }

    [Fact]
    public void Int64_labels_beyond_int_range_are_refused_naming_the_index()
    {
        var error = Assert.Throws<DatasetException>(() => Array("<i8", [2], 1, 1e12).ToLabels());

        Assert.Contains("/data/y.npy: label 1000000000000 at index 1", error.Message);
    }

    [Fact]
    public void One_hot_labels_are_refused_with_the_argmax_fix()
    {
        var error = Assert.Throws<DatasetException>(() => Array("<f4", [2, 3], 0, 1, 0, 1, 0, 0).ToLabels());

        Assert.Contains("/data/y.npy: labels of shape (2, 3)", error.Message);
        Assert.Contains("np.argmax(y, axis=1)", error.Message);
    }

    [Fact]
    public void Bytes_are_the_data_itself_for_uint8()
    {
        var array = Array("|u1", [2, 2], 1, 2, 3, 255);

        Assert.Same(array.Data, array.ToBytes());
        Assert.Equal([1, 2, 3, 255], array.ToBytes());
    }

    [Fact]
    public void Bytes_are_refused_for_other_dtypes_with_the_astype_fix()
    {
        var error = Assert.Throws<DatasetException>(() => Array("<f4", [1], 1).ToBytes());

        Assert.Contains("/data/y.npy: dtype <f4 is not uint8 (|u1)", error.Message);
        Assert.Contains("astype('uint8')", error.Message);
    }

    [Fact]
    public void Count_of_a_scalar_is_refused()
    {
        var error = Assert.Throws<DatasetException>(() => Array("<f4", [], 1).Count);

        Assert.Contains("/data/y.npy: a 0-d array", error.Message);
    }
}
