using SweepCluster.GpuNode.Training.Augmentation;
using SweepCluster.Messages.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Tests.Training;

[Collection(nameof(GlobalGeneratorCollection))]
public sealed class BatchAugmenterSpecs
{
    private static readonly AugmentationSpec Everything = new()
    {
        HorizontalFlip = true,
        RotationDegrees = 20,
        Shift = 0.1,
        Zoom = 0.1,
        Brightness = 0.2,
        Contrast = 0.2,
        BlurSigma = 1,
        Cutout = 4,
        MixupAlpha = 0.4,
    };

    public BatchAugmenterSpecs() => TestRuntime.EnsureLoaded();

    [Fact]
    public void An_all_off_spec_is_the_identity_and_returns_the_batch_unchanged()
    {
        using var augmenter = Augmenter(new AugmentationSpec());
        var images = RandomImages(4, 3, 5, 5);
        var labels = Labels(4, 3);

        var batch = augmenter.Apply(images, labels);

        Assert.True(augmenter.IsIdentity);
        Assert.True(images.Equals(batch.Images));
        Assert.True(labels.Equals(batch.Targets));
    }

    [Fact]
    public void Flip_mirrors_each_image_or_leaves_it_and_does_both_across_a_batch()
    {
        using var augmenter = Augmenter(new AugmentationSpec { HorizontalFlip = true });
        var images = arange(64 * 2 * 3 * 4, dtype: ScalarType.Float32).div_(64 * 2 * 3 * 4).reshape(64, 2, 3, 4);

        var output = augmenter.Apply(images, Labels(64, 10)).Images;

        var (kept, mirrored) = (0, 0);
        for (var i = 0; i < 64; i++)
        {
            if (output[i].Equals(images[i]))
                kept++;
            else if (output[i].Equals(images[i].flip(2)))
                mirrored++;
        }
        Assert.Equal(64, kept + mirrored);
        Assert.True(kept > 0 && mirrored > 0, $"kept {kept}, mirrored {mirrored}");
    }

    [Fact]
    public void Shift_moves_a_single_bright_pixel_by_at_most_the_largest_shift_and_keeps_its_mass()
    {
        // Up to 2 of 9 pixels either way; bilinear sampling of a pure translation keeps the mass and
        // moves the centroid by exactly the shift.
        using var augmenter = Augmenter(new AugmentationSpec { Shift = 2.0 / 9 });
        var images = zeros(16, 1, 9, 9);
        images[.., .., 4, 4] = tensor(1f);

        var output = augmenter.Apply(images, Labels(16, 2)).Images;

        var moves = new List<(double X, double Y)>();
        for (var i = 0; i < 16; i++)
        {
            var (mass, x, y) = Centroid(output[i, 0]);
            Assert.Equal(1, mass, 1e-5);
            Assert.InRange(x - 4, -2 - 1e-4, 2 + 1e-4);
            Assert.InRange(y - 4, -2 - 1e-4, 2 + 1e-4);
            moves.Add((x - 4, y - 4));
        }
        Assert.True(moves.Distinct().Count() > 8, "each image should draw its own shift");
        // Uniform shifts up to 2 pixels: some of 16 exceed 1 pixel unless the scale is wrong.
        Assert.True(moves.Max(m => Math.Max(Math.Abs(m.X), Math.Abs(m.Y))) > 1);
    }

    [Fact]
    public void Rotation_turns_an_elongated_centred_blob_about_the_centre_keeping_its_mass()
    {
        using var augmenter = Augmenter(new AugmentationSpec { RotationDegrees = 90 });
        var images = Blob(8, size: 17, sigmaX: 3, sigmaY: 1.2);

        var output = augmenter.Apply(images, Labels(8, 2)).Images;

        var (inputMass, _, _) = Centroid(images[0, 0]);
        for (var i = 0; i < 8; i++)
        {
            var (mass, x, y) = Centroid(output[i, 0]);
            Assert.Equal(1, mass / inputMass, 0.02);
            Assert.Equal(8, x, 0.05);
            Assert.Equal(8, y, 0.05);
        }
        Assert.False(allclose(output, images, atol: 1e-3), "rotation should change an elongated blob");
    }

    [Fact]
    public void Zoom_scales_a_centred_blobs_mass_by_the_square_of_a_factor_within_the_zoom_range()
    {
        using var augmenter = Augmenter(new AugmentationSpec { Zoom = 0.3 });
        var images = Blob(8, size: 17, sigmaX: 2, sigmaY: 2);

        var output = augmenter.Apply(images, Labels(8, 2)).Images;

        var (inputMass, _, _) = Centroid(images[0, 0]);
        for (var i = 0; i < 8; i++)
            Assert.InRange(Centroid(output[i, 0]).Mass / inputMass, 0.7 * 0.7 * 0.98, 1.3 * 1.3 * 1.02);
    }

    [Fact]
    public void Brightness_and_contrast_keep_pixels_in_the_unit_interval()
    {
        using var augmenter = Augmenter(new AugmentationSpec { Brightness = 0.5, Contrast = 0.9 });
        var images = RandomImages(16, 3, 6, 6);

        var output = augmenter.Apply(images, Labels(16, 2)).Images;

        Assert.True(output.min().item<float>() >= 0);
        Assert.True(output.max().item<float>() <= 1);
        Assert.False(allclose(output, images));
    }

    [Fact]
    public void Blur_leaves_a_constant_image_constant_borders_included()
    {
        using var augmenter = Augmenter(new AugmentationSpec { BlurSigma = 2 });
        var images = full(4, 3, 12, 12, 0.6f);

        var output = augmenter.Apply(images, Labels(4, 2)).Images;

        Assert.True(allclose(output, images, atol: 1e-5));
    }

    [Fact]
    public void Blur_spreads_a_single_bright_pixel_evenly_to_its_neighbours_keeping_its_mass()
    {
        // Radius ceil(3 * 1.5) = 5 in a 13 x 13 image: reflected borders never reach the centre pixel.
        using var augmenter = Augmenter(new AugmentationSpec { BlurSigma = 1.5 });
        var images = zeros(8, 1, 13, 13);
        images[.., .., 6, 6] = tensor(1f);

        var output = augmenter.Apply(images, Labels(8, 2)).Images;

        var spread = 0;
        for (var i = 0; i < 8; i++)
        {
            var image = output[i, 0];
            Assert.Equal(1, Centroid(image).Mass, 1e-5);
            var left = image[6, 5].item<float>();
            Assert.True(left >= 0);
            Assert.Equal(left, image[6, 7].item<float>(), 1e-6f);
            Assert.Equal(left, image[5, 6].item<float>(), 1e-6f);
            Assert.Equal(left, image[7, 6].item<float>(), 1e-6f);
            if (left > 0)
                spread++;
        }
        // A sigma below about 0.07 pixels (5% of draws here) is too narrow to reach a neighbour in float32.
        Assert.True(spread >= 6, $"only {spread} of 8 images spread");
    }

    [Fact]
    public void Cutout_zeroes_one_square_per_image_clipped_at_the_borders()
    {
        const int side = 4, size = 10;
        using var augmenter = Augmenter(new AugmentationSpec { Cutout = side });

        var output = augmenter.Apply(ones(32, 2, size, size), Labels(32, 2)).Images;

        var boxes = new HashSet<(int, int, int, int)>();
        for (var i = 0; i < 32; i++)
        {
            Assert.True(output[i, 0].Equals(output[i, 1]), "every channel loses the same square");
            var pixels = output[i, 0].data<float>().ToArray();
            var zeroed = Enumerable.Range(0, pixels.Length).Where(p => pixels[p] == 0).ToList();
            Assert.All(pixels, p => Assert.True(p is 0 or 1));
            var (top, bottom) = (zeroed.Min(p => p / size), zeroed.Max(p => p / size));
            var (left, right) = (zeroed.Min(p => p % size), zeroed.Max(p => p % size));
            var (height, width) = (bottom - top + 1, right - left + 1);
            Assert.Equal(height * width, zeroed.Count);
            Assert.True(height == side || (height < side && (top == 0 || bottom == size - 1)), $"height {height} at {top}");
            Assert.True(width == side || (width < side && (left == 0 || right == size - 1)), $"width {width} at {left}");
            boxes.Add((top, left, height, width));
        }
        Assert.True(boxes.Count > 8, "each image should draw its own position");
    }

    [Fact]
    public void Mixup_targets_are_one_convex_combination_of_two_one_hots_matching_the_mixed_images()
    {
        const int n = 16, classes = 5;
        using var augmenter = Augmenter(new AugmentationSpec { MixupAlpha = 0.4 }, classes);
        var images = RandomImages(n, 1, 3, 3);
        var labels = Labels(n, classes);

        var batch = augmenter.Apply(images, labels);

        Assert.Equal([n, classes], batch.Targets.shape);
        Assert.Equal(ScalarType.Float32, batch.Targets.dtype);
        var lambdas = new List<float>();
        for (var i = 0; i < n; i++)
        {
            var row = batch.Targets[i].data<float>().ToArray();
            Assert.Equal(1, row.Sum(), 1e-6f);
            Assert.All(row, p => Assert.InRange(p, 0, 1));
            var own = labels[i].item<long>();
            var other = Enumerable.Range(0, classes).Where(c => c != own && row[c] > 0).ToList();
            Assert.True(other.Count <= 1, "at most two classes are mixed");
            if (other.Count == 0)
                continue;

            var lambda = row[own];
            lambdas.Add(lambda);
            var partners = Enumerable.Range(0, n).Where(j =>
                labels[j].item<long>() == other[0]
                && allclose(batch.Images[i], images[i].mul(lambda).add(images[j].mul(1 - lambda)), atol: 1e-5));
            Assert.NotEmpty(partners);
        }
        Assert.NotEmpty(lambdas);
        Assert.All(lambdas, l => Assert.Equal(lambdas[0], l, 1e-6f));
    }

    [Fact]
    public void The_same_seed_gives_bitwise_equal_batches_and_another_seed_differs()
    {
        var images = RandomImages(8, 3, 16, 16);
        var labels = Labels(8, 4);
        using var first = Augmenter(Everything, 4, seed: 42);
        using var second = Augmenter(Everything, 4, seed: 42);
        using var other = Augmenter(Everything, 4, seed: 43);

        for (var step = 0; step < 2; step++)
        {
            var a = first.Apply(images, labels);
            var b = second.Apply(images, labels);
            var c = other.Apply(images, labels);

            Assert.True(a.Images.Equals(b.Images));
            Assert.True(a.Targets.Equals(b.Targets));
            Assert.False(a.Images.Equals(c.Images));
        }
    }

    [Fact]
    public void Draws_nothing_from_the_global_generator()
    {
        using var augmenter = Augmenter(Everything, 4);
        var images = RandomImages(8, 3, 16, 16);

        manual_seed(5);
        augmenter.Apply(images, Labels(8, 4));
        var after = rand(4);
        manual_seed(5);
        var untouched = rand(4);

        Assert.True(after.Equals(untouched));
    }

    [Fact]
    public void Rejects_settings_that_make_no_sense()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Augmenter(new AugmentationSpec { Shift = -0.1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Augmenter(new AugmentationSpec { Zoom = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Augmenter(new AugmentationSpec { Cutout = -2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Augmenter(new AugmentationSpec { MixupAlpha = double.NaN }));
    }

    [Fact]
    public void Blur_wider_than_the_image_is_refused_with_the_reason()
    {
        using var augmenter = Augmenter(new AugmentationSpec { BlurSigma = 2 });

        var error = Assert.Throws<ArgumentException>(() => augmenter.Apply(zeros(1, 1, 6, 6), Labels(1, 2)));

        Assert.Contains("kernel radius of 6", error.Message);
    }

    private static BatchAugmenter Augmenter(AugmentationSpec spec, int classes = 10, long seed = 1234) =>
        new(spec, classes, CPU, seed);

    private static Tensor RandomImages(long n, long channels, long height, long width) =>
        rand([n, channels, height, width], generator: new Generator(7));

    private static Tensor Labels(long n, long classes) => arange(n, dtype: ScalarType.Int64).remainder_(classes);

    /// <summary>Image <paramref name="n"/> times: a centred Gaussian blob on an odd-sized square.</summary>
    private static Tensor Blob(long n, long size, double sigmaX, double sigmaY)
    {
        var offsets = arange(size, dtype: ScalarType.Float32).sub_((size - 1) / 2.0);
        var across = offsets.square().div_(-2 * sigmaX * sigmaX).exp_().unsqueeze(0);
        var down = offsets.square().div_(-2 * sigmaY * sigmaY).exp_().unsqueeze(1);
        return down.mul(across).expand(n, 1, size, size).contiguous();
    }

    /// <summary>Total mass of an H x W image and its centre of mass in pixel coordinates.</summary>
    private static (double Mass, double X, double Y) Centroid(Tensor image)
    {
        var width = (int)image.shape[1];
        var pixels = image.data<float>().ToArray();
        double mass = 0, x = 0, y = 0;
        for (var p = 0; p < pixels.Length; p++)
        {
            mass += pixels[p];
            x += pixels[p] * (p % width);
            y += pixels[p] * (p / width);
        }
        return (mass, x / mass, y / mass);
    }
}
