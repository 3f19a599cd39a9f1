using SweepCluster.GpuNode.Data;
using SweepCluster.Messages.Specs;
using SweepCluster.TestSupport;

namespace SweepCluster.GpuNode.Tests.Data;

public sealed class NpyReaderSpecs : IDisposable
{
    private readonly TemporaryFolder _folder = new("sweep-npy-");

    public void Dispose() => _folder.Dispose();

    private DatasetException ReadFails(byte[] npy, out string path)
    {
        var file = path = _folder.Write("x.npy", npy);
        return Assert.Throws<DatasetException>(() => NpyReader.ReadFile(file));
    }

    [Theory]
    [InlineData("|u1", NpyType.UInt8)]
    [InlineData("<u1", NpyType.UInt8)]
    [InlineData("|i1", NpyType.Int8)]
    [InlineData("<u2", NpyType.UInt16)]
    [InlineData("<i2", NpyType.Int16)]
    [InlineData("<u4", NpyType.UInt32)]
    [InlineData("<i4", NpyType.Int32)]
    [InlineData("=i4", NpyType.Int32)]
    [InlineData("<i8", NpyType.Int64)]
    [InlineData("<f4", NpyType.Float32)]
    [InlineData("=f4", NpyType.Float32)]
    [InlineData("<f8", NpyType.Float64)]
    public void Reader_should_read_every_supported_dtype_back_exactly(string descr, NpyType type)
    {
        double[] values = descr[1] == 'u' ? [0, 1, 7, 200] : [0, -1, 7, 100];
        var path = _folder.Write("x.npy", NpyFiles.Npy(descr, [2, 2], NpyFiles.As(descr[1..], values)));

        var array = NpyReader.ReadFile(path);

        Assert.Equal(type, array.Type);
        Assert.Equal([2, 2], array.Shape);
        Assert.Equal(values.Select(v => (float)v), array.ToFloats());
        Assert.Equal(path, array.Source);
    }

    [Fact]
    public void Reader_should_keep_fractional_floats()
    {
        var path = _folder.Write("x.npy", NpyFiles.Npy("<f4", [3], NpyFiles.As("f4", 0.25, -1.5, 3.125)));

        Assert.Equal([0.25f, -1.5f, 3.125f], NpyReader.ReadFile(path).ToFloats());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Reader_should_accept_format_versions_1_2_and_3(int version)
    {
        var path = _folder.Write("x.npy", NpyFiles.Npy("|u1", [3, 2, 2], [.. Enumerable.Range(0, 12).Select(i => (byte)i)], version));

        var array = NpyReader.ReadFile(path);

        Assert.Equal([3, 2, 2], array.Shape);
        Assert.Equal(11, array.ToBytes()[11]);
    }

    [Fact]
    public void Reader_should_read_a_4d_array_in_c_order()
    {
        var values = Enumerable.Range(0, 2 * 3 * 2 * 2).Select(i => (double)i).ToArray();
        var path = _folder.Write("x.npy", NpyFiles.Npy("<f4", [2, 3, 2, 2], NpyFiles.As("f4", values)));

        var array = NpyReader.ReadFile(path);

        Assert.Equal([2, 3, 2, 2], array.Shape);
        Assert.Equal(2, array.Count);
        // Element [1, 2, 0, 1] of C order is at ((1 * 3 + 2) * 2 + 0) * 2 + 1.
        Assert.Equal(21f, array.ToFloats()[21]);
    }

    [Fact]
    public void Reader_should_accept_python_2_long_integers_in_the_shape()
    {
        var path = _folder.Write("x.npy", NpyFiles.WithHeader("{'descr': '|u1', 'fortran_order': False, 'shape': (2L, 1L), }", [1, 2]));

        Assert.Equal([2, 1], NpyReader.ReadFile(path).Shape);
    }

    [Fact]
    public void Header_should_give_shape_and_dtype_and_leave_the_stream_at_the_data()
    {
        var npy = NpyFiles.Npy("<f4", [3, 28, 28], NpyFiles.As("f4", 1, 2));
        using var stream = new MemoryStream(npy);

        var header = NpyReader.ReadHeader(stream, "probe.npy");

        Assert.Equal([3, 28, 28], header.Shape);
        Assert.Equal(NpyType.Float32, header.Type);
        Assert.Equal(3 * 28 * 28 * 4, header.DataLength);
        Assert.Equal(128, stream.Position);
    }

    [Fact]
    public void Big_endian_data_is_refused_with_the_astype_fix()
    {
        var message = ReadFails(NpyFiles.Npy(">f4", [1], [0, 0, 0, 0]), out var path).Message;

        Assert.Contains(path, message);
        Assert.Contains("big-endian", message);
        Assert.Contains("a.astype('<f4')", message);
    }

    [Fact]
    public void Fortran_order_is_refused_with_the_ascontiguousarray_fix()
    {
        var message = ReadFails(NpyFiles.Npy("|u1", [2, 2], [1, 2, 3, 4], fortranOrder: true), out var path).Message;

        Assert.Contains(path, message);
        Assert.Contains("np.ascontiguousarray(a)", message);
    }

    [Theory]
    [InlineData("|O")]
    [InlineData("<U5")]
    [InlineData("|S3")]
    [InlineData("|b1")]
    public void Object_string_and_other_dtypes_are_refused_listing_the_supported_ones(string descr)
    {
        var message = ReadFails(NpyFiles.Npy(descr, [1], [0]), out var path).Message;

        Assert.Contains($"{path}: dtype '{descr}' is not supported", message);
        Assert.Contains("|u1, |i1, <u2, <i2, <u4, <i4, <i8, <f4, <f8", message);
    }

    [Fact]
    public void Structured_dtypes_are_refused()
    {
        var header = "{'descr': [('x', '<f4'), ('y', '<i4')], 'fortran_order': False, 'shape': (1,), }";

        var message = ReadFails(NpyFiles.WithHeader(header, new byte[8]), out var path).Message;

        Assert.Contains($"{path}: a structured dtype", message);
    }

    [Fact]
    public void Truncated_data_says_how_much_was_announced()
    {
        var npy = NpyFiles.Npy("<f4", [3, 28, 28], new byte[100]);

        var message = ReadFails(npy, out var path).Message;

        Assert.Contains($"{path}: truncated: the header announces shape (3, 28, 28) of <f4 (9408 bytes) but only 100 follow", message);
    }

    [Fact]
    public void Bytes_after_the_data_are_reported()
    {
        var message = ReadFails(NpyFiles.Npy("|u1", [2], [1, 2, 3]), out var path).Message;

        Assert.Contains($"{path}: more bytes follow the 2 bytes of shape (2,) of |u1", message);
    }

    [Fact]
    public void Truncated_header_is_reported()
    {
        var message = ReadFails(NpyFiles.Npy("|u1", [2], [1, 2])[..40], out var path).Message;

        Assert.Contains($"{path}: truncated: the .npy header announces 118 bytes but only 30 follow", message);
    }

    [Fact]
    public void Bad_magic_says_it_is_not_a_npy_file()
    {
        var message = ReadFails("PK\u0003\u0004 not numpy"u8.ToArray(), out var path).Message;

        Assert.Contains($"{path}: not a .npy file", message);
        Assert.Contains("\\x93NUMPY", message);
    }

    [Fact]
    public void Unknown_format_version_is_refused()
    {
        var npy = NpyFiles.Npy("|u1", [1], [1]);
        npy[6] = 4;

        Assert.Contains("format version 4.0 is not supported; expected 1.0, 2.0 or 3.0", ReadFails(npy, out _).Message);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, }", "its keys are descr, fortran_order instead of descr, fortran_order, shape")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 28, 28)", "expected ','")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }", "fortran_order is not True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 'a'), }", "shape is not a tuple of integers")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", "shape dimension 0 is -1")]
    [InlineData("[1, 2]", "the header is not a dict")]
    [InlineData("{'descr': '<f4', 'fortran_order': nope}", "unexpected 'nope'")]
    public void Malformed_header_dict_names_the_file_and_shows_a_valid_one(string header, string detail)
    {
        var message = ReadFails(NpyFiles.WithHeader(header, []), out var path).Message;

        Assert.Contains($"{path}: malformed .npy header ({detail}", message);
        Assert.Contains("expected a dict like {'descr': '<f4', 'fortran_order': False, 'shape': (3, 28, 28), }", message);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var path = _folder.File("none.npy");

        Assert.Contains($"{path}: cannot be opened", Assert.Throws<DatasetException>(() => NpyReader.ReadFile(path)).Message);
    }
}
