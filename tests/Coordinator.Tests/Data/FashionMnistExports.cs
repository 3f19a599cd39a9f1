using System.Globalization;
using System.IO.Compression;
using SkiaSharp;
using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Node;
using SweepCluster.Messages.Specs;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Data;

/// <summary>
/// Users' datasets the specs make themselves from real Fashion-MNIST: the images a built-in sweep's
/// subsets pick, written as an image folder, an NPZ archive or IDX files elsewhere.
/// </summary>
internal static class FashionMnistExports
{
    private static readonly Lazy<DatasetParts> Built = new(() => new FashionMnistSource(FashionMnistSource.DefaultDirectory).Load());

    /// <summary>How one image is written into an image folder.</summary>
    public enum ImageForm
    {
        GrayPng,
        RgbPng,
        RgbJpeg,
        GrayPngLarger,
    }

    /// <summary>The training and test images a built-in sweep with these subsets and seed trains and tests on, in its order.</summary>
    public static (ImageDataset Train, ImageDataset Test) Subsets(int subset, int testSubset, long seed)
    {
        var spec = new DatasetSpec { Subset = subset, TestSubset = testSubset };
        return (TrialData.Training(Built.Value, spec, seed), TrialData.Test(Built.Value, spec, seed)!);
    }

    /// <summary>The four IDX files of Debian's Fashion-MNIST, copied to <paramref name="folder"/>.</summary>
    public static void CopyIdx(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(FashionMnistSource.DefaultDirectory, "*-ubyte*"))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
    }

    /// <summary>x_train, y_train, x_test, y_test as numpy.savez_compressed writes them: uint8 images N x 28 x 28, int64 labels.</summary>
    public static void WriteNpz(string path, ImageDataset train, ImageDataset test) =>
        File.WriteAllBytes(path, NpyFiles.Npz(
            CompressionLevel.Fastest,
            ("x_train", Images(train)),
            ("y_train", Labels(train)),
            ("x_test", Images(test)),
            ("y_test", Labels(test))));

    /// <summary><paramref name="set"/>'s images and labels as two .npy files in <paramref name="folder"/>, as numpy.save writes them.</summary>
    public static void WriteNpy(string folder, string images, string labels, ImageDataset set)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, images + ".npy"), Images(set));
        File.WriteAllBytes(Path.Combine(folder, labels + ".npy"), Labels(set));
    }

    /// <summary>One sub-folder per class named after it, each image written as <paramref name="form"/> says for its index.</summary>
    public static void WriteImageFolder(string root, ImageDataset set, Func<int, ImageForm> form)
    {
        var size = set.Height * set.Width;
        Parallel.For(0, set.Count, i =>
        {
            var folder = Path.Combine(root, set.ClassNames[set.Labels[i]].Replace('/', '-'));
            Directory.CreateDirectory(folder);
            var pixels = new byte[size];
            for (var p = 0; p < size; p++)
                pixels[p] = (byte)MathF.Round(set.Pixels[i * size + p] * 255f);
            var image = form(i);
            var name = Path.Combine(folder, i.ToString("D5", CultureInfo.InvariantCulture) + (image == ImageForm.RgbJpeg ? ".jpg" : ".png"));
            File.WriteAllBytes(name, Encode(pixels, set.Height, set.Width, image));
        });
    }

    private static byte[] Encode(byte[] gray, int height, int width, ImageForm form)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, form is ImageForm.GrayPng or ImageForm.GrayPngLarger ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var v = gray[y * width + x];
                bitmap.SetPixel(x, y, new SKColor(v, v, v));
            }
        }
        using var written = form == ImageForm.GrayPngLarger ? bitmap.Resize(new SKImageInfo(32, 32, SKColorType.Gray8, SKAlphaType.Opaque), new SKSamplingOptions(SKFilterMode.Linear)) : bitmap.Copy();
        using var data = written.Encode(form == ImageForm.RgbJpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png, 95);
        return data.ToArray();
    }

    private static byte[] Images(ImageDataset set)
    {
        var bytes = new byte[set.Pixels.Length];
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] = (byte)MathF.Round(set.Pixels[i] * 255f);
        return NpyFiles.Npy("|u1", [set.Count, set.Height, set.Width], bytes);
    }

    private static byte[] Labels(ImageDataset set) =>
        NpyFiles.Npy("<i8", [set.Count], NpyFiles.As("i8", [.. set.Labels.ToArray().Select(l => (double)l)]));
}
