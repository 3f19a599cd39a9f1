using SweepCluster.GpuNode.Data;
using SweepCluster.Messages.Specs;
using SweepCluster.TestSupport;

namespace SweepCluster.GpuNode.Tests.Data;

public sealed class ImageDecoderSpecs : IDisposable
{
    private readonly TemporaryFolder _folder = new("sweep-images-");

    public void Dispose() => _folder.Dispose();

    /// <summary>Colour of pixel (y, x): every channel differs, so a channel or axis mix-up shows.</summary>
    private static (byte R, byte G, byte B) Colour(int y, int x) => ((byte)(y * 40 + x), (byte)(200 - x * 20), (byte)(y * 7 + x * 3 + 50));

    private static byte[] Decode(string path, int channels, int height, int width, bool resize = false)
    {
        var pixels = new byte[channels * height * width];
        ImageDecoder.Decode(path, channels, height, width, resize, pixels);
        return pixels;
    }

    [Fact]
    public void Decoder_should_read_an_rgb_png_back_exactly_in_planar_order()
    {
        var path = _folder.Write("a.png", ImageFiles.Png(4, 6, Colour));

        var pixels = Decode(path, 3, 4, 6);

        var expected = new byte[3 * 24];
        for (var y = 0; y < 4; y++)
        {
            for (var x = 0; x < 6; x++)
                (expected[y * 6 + x], expected[24 + y * 6 + x], expected[48 + y * 6 + x]) = Colour(y, x);
        }
        Assert.Equal(expected, pixels);
    }

    [Fact]
    public void Decoder_should_read_a_grayscale_png_back_exactly()
    {
        var path = _folder.Write("a.png", ImageFiles.GrayPng(3, 5, (y, x) => (byte)(y * 80 + x * 10)));

        var pixels = Decode(path, 1, 3, 5);

        Assert.Equal(Enumerable.Range(0, 15).Select(p => (byte)(p / 5 * 80 + p % 5 * 10)), pixels);
    }

    [Fact]
    public void Decoder_should_give_grayscale_as_three_equal_channels_when_asked_for_rgb()
    {
        var path = _folder.Write("a.png", ImageFiles.GrayPng(2, 2, (y, x) => (byte)(y * 100 + x)));

        var pixels = Decode(path, 3, 2, 2);

        Assert.Equal([0, 1, 100, 101, 0, 1, 100, 101, 0, 1, 100, 101], pixels);
    }

    [Fact]
    public void Decoder_should_convert_colour_to_gray_by_itu_601_luminance_rounded()
    {
        (byte, byte, byte)[] colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (10, 20, 30)];
        var path = _folder.Write("a.png", ImageFiles.Png(1, 4, (_, x) => colours[x]));

        // 0.299*255 = 76.2, 0.587*255 = 149.7, 0.114*255 = 29.1, 2.99+11.74+3.42 = 18.15.
        Assert.Equal([76, 150, 29, 18], Decode(path, 1, 1, 4));
    }

    [Fact]
    public void Decoder_should_read_a_jpeg_close_to_its_source()
    {
        static (byte, byte, byte) Smooth(int y, int x) => ((byte)(x * 8), (byte)(y * 8), (byte)(128 + (x - y) * 2));
        var path = _folder.Write("a.jpg", ImageFiles.Jpeg(16, 16, Smooth));

        var pixels = Decode(path, 3, 16, 16);

        for (var p = 0; p < 256; p++)
        {
            var (r, g, b) = Smooth(p / 16, p % 16);
            Assert.InRange(pixels[p], r - 8, r + 8);
            Assert.InRange(pixels[256 + p], g - 8, g + 8);
            Assert.InRange(pixels[512 + p], b - 8, b + 8);
        }
    }

    [Fact]
    public void Decoder_should_drop_alpha_keeping_the_stored_colour()
    {
        var path = _folder.Write("a.png", ImageFiles.PngWithAlpha(1, 2, (_, x) => (200, 100, 50, (byte)(x * 128))));

        Assert.Equal([200, 200, 100, 100, 50, 50], Decode(path, 3, 1, 2));
    }

    [Fact]
    public void Probe_should_give_height_and_width_of_png_and_jpeg()
    {
        var png = _folder.Write("a.png", ImageFiles.Png(5, 7, Colour));
        var jpeg = _folder.Write("b.jpeg", ImageFiles.Jpeg(9, 3, Colour));

        Assert.Equal((5, 7), ImageDecoder.Probe(png));
        Assert.Equal((9, 3), ImageDecoder.Probe(jpeg));
    }

    [Fact]
    public void Resize_should_produce_the_target_size_keeping_a_flat_colour()
    {
        var path = _folder.Write("a.png", ImageFiles.Png(40, 60, (_, _) => (30, 140, 250)));

        var pixels = Decode(path, 3, 10, 12, resize: true);

        Assert.All(pixels[..120], v => Assert.Equal(30, v));
        Assert.All(pixels[120..240], v => Assert.Equal(140, v));
        Assert.All(pixels[240..], v => Assert.Equal(250, v));
    }

    [Fact]
    public void Resize_should_enlarge_too()
    {
        var path = _folder.Write("a.png", ImageFiles.GrayPng(2, 2, (y, _) => (byte)(y * 200)));

        var pixels = Decode(path, 1, 8, 8, resize: true);

        Assert.True(pixels[0] < 30 && pixels[^1] > 170, "top stays dark and bottom light");
    }

    [Fact]
    public void Resize_should_average_fine_detail_instead_of_aliasing_it()
    {
        // A one-pixel checkerboard shrunk 7 times: each output pixel covers (nearly) equal black and white,
        // while a sample at its centre lands on a single source pixel.
        var path = _folder.Write("a.png", ImageFiles.GrayPng(56, 56, (y, x) => (byte)((x + y) % 2 * 255)));

        var pixels = Decode(path, 1, 8, 8, resize: true);

        Assert.All(pixels, v => Assert.InRange(v, 100, 155));
    }

    [Fact]
    public void A_size_mismatch_without_resize_names_the_file_and_the_fix()
    {
        var path = _folder.Write("a.png", ImageFiles.Png(5, 7, Colour));

        var error = Assert.Throws<DatasetException>(() => Decode(path, 3, 28, 28));

        Assert.Contains($"{path}: image is 5x7 (height x width), expected 28x28", error.Message);
        Assert.Contains("set size in the sweep file's dataset section", error.Message);
    }

    [Fact]
    public void Random_bytes_named_png_are_reported_as_undecodable()
    {
        var path = _folder.Write("x.png", [.. Enumerable.Range(0, 500).Select(i => (byte)(i * 37 % 251))]);

        Assert.Contains($"{path}: not a decodable PNG or JPEG image", Assert.Throws<DatasetException>(() => ImageDecoder.Probe(path)).Message);
        Assert.Contains($"{path}: not a decodable PNG or JPEG image", Assert.Throws<DatasetException>(() => Decode(path, 3, 2, 2)).Message);
    }

    [Theory]
    [InlineData("a.png")]
    [InlineData("a.jpg")]
    public void A_truncated_image_is_reported_naming_the_file(string name)
    {
        static (byte, byte, byte) Noise(int y, int x) => ((byte)(x * 97 + y * 13), (byte)(x * y), (byte)(x ^ y));
        var full = name.EndsWith(".png") ? ImageFiles.Png(32, 32, Noise) : ImageFiles.Jpeg(32, 32, Noise);
        var path = _folder.Write(name, full[..(full.Length / 2)]);

        var error = Assert.Throws<DatasetException>(() => Decode(path, 3, 32, 32));

        Assert.Contains($"{path}: the image data is truncated or corrupt", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = _folder.File("none.png");

        Assert.Contains($"{path}: cannot be opened", Assert.Throws<DatasetException>(() => ImageDecoder.Probe(path)).Message);
    }
}
