using SweepCluster.Messages.Specs;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace SweepCluster.GpuNode.Training.Augmentation;

/// <summary>
/// Random augmentation of a training batch on its device, in a fixed order: flip, one affine warp
/// (rotation, shift and zoom together), brightness and contrast, Gaussian blur, cutout, mixup. Each image
/// draws its own parameters; mixup draws one weight per batch, as in the mixup paper.
/// </summary>
/// <remarks>
/// Every random number comes from this augmenter's own generator, never torch's global one: trials
/// training concurrently on other threads then neither disturb each other nor break a CPU run's
/// repeatability. Not thread-safe: one augmenter per trial.
/// </remarks>
public sealed class BatchAugmenter : IDisposable
{
    private readonly AugmentationSpec _spec;
    private readonly int _classes;
    private readonly Device _device;
    private readonly Generator _generator;
    private readonly bool _warps;
    private readonly bool _adjustsColour;
    private readonly long _blurRadius;

    public BatchAugmenter(AugmentationSpec spec, int classes, Device device, long seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        RequireNonNegative(spec.RotationDegrees, nameof(spec.RotationDegrees));
        RequireNonNegative(spec.Shift, nameof(spec.Shift));
        RequireNonNegative(spec.Zoom, nameof(spec.Zoom));
        RequireNonNegative(spec.Brightness, nameof(spec.Brightness));
        RequireNonNegative(spec.Contrast, nameof(spec.Contrast));
        RequireNonNegative(spec.BlurSigma, nameof(spec.BlurSigma));
        RequireNonNegative(spec.MixupAlpha, nameof(spec.MixupAlpha));
        ArgumentOutOfRangeException.ThrowIfNegative(spec.Cutout, nameof(spec.Cutout));
        // A zoom of 1 or more would allow a scale of zero or less: a singular or mirrored warp.
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(spec.Zoom, 1.0, nameof(spec.Zoom));

        _spec = spec;
        _classes = classes;
        _device = device;
        _generator = new Generator(unchecked((ulong)seed), device);
        _warps = spec.RotationDegrees > 0 || spec.Shift > 0 || spec.Zoom > 0;
        _adjustsColour = spec.Brightness > 0 || spec.Contrast > 0;
        // Three sigmas either side holds all but 0.3% of the largest kernel's weight.
        _blurRadius = (long)Math.Ceiling(3 * spec.BlurSigma);
        IsIdentity = !spec.HorizontalFlip && !_warps && !_adjustsColour
            && spec.BlurSigma == 0 && spec.Cutout == 0 && spec.MixupAlpha == 0;
    }

    /// <summary>True when every kind is off: <see cref="Apply"/> then returns its inputs untouched.</summary>
    public bool IsIdentity { get; }

    /// <summary>Augments one batch.</summary>
    /// <param name="images">N x C x H x W floats in [0, 1] on this augmenter's device.</param>
    /// <param name="labels">N int64 class indices on the same device.</param>
    /// <returns>
    /// New tensors moved to the caller's dispose scope, except that <paramref name="labels"/> is returned
    /// itself as the targets when mixup is off, and both inputs are returned when <see cref="IsIdentity"/>.
    /// </returns>
    public AugmentedBatch Apply(Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.dim() != 4)
            throw new ArgumentException($"images must be N x C x H x W; got {images.dim()} dimensions.", nameof(images));
        if (IsIdentity)
            return new AugmentedBatch(images, labels);

        using var scope = NewDisposeScope();
        var x = images;
        if (_spec.HorizontalFlip)
            x = Flip(x);
        if (_warps)
            x = Warp(x);
        if (_adjustsColour)
            x = AdjustColour(x);
        if (_spec.BlurSigma > 0)
            x = Blur(x);
        if (_spec.Cutout > 0)
            x = CutOut(x);
        if (_spec.MixupAlpha == 0)
            return new AugmentedBatch(x.MoveToOuterDisposeScope(), labels);

        var (mixed, targets) = Mix(x, labels);
        return new AugmentedBatch(mixed.MoveToOuterDisposeScope(), targets.MoveToOuterDisposeScope());
    }

    public void Dispose() => _generator.Dispose();

    private static void RequireNonNegative(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
            throw new ArgumentOutOfRangeException(name, value, "must be finite and zero (off) or positive.");
    }

    /// <summary>N x <paramref name="columns"/> values uniform in [-1, 1), one draw for all of a step's parameters.</summary>
    private Tensor Symmetric(long n, long columns, ScalarType dtype)
    {
        // Scalars held until the calls return: TorchSharp passes a Scalar's handle without keeping it alive (see SeededDropout).
        using Scalar two = 2, one = 1;
        return rand([n, columns], dtype: dtype, device: _device, generator: _generator).mul_(two).sub_(one);
    }

    private Tensor Flip(Tensor x)
    {
        using Scalar half = 0.5;
        var mirrored = rand([x.shape[0], 1, 1, 1], device: _device, generator: _generator).lt(half);
        return where(mirrored, x.flip(3), x);
    }

    /// <summary>
    /// Rotation, shift and zoom as one sampling pass, so the image is interpolated once. affine_grid maps
    /// output to input coordinates, hence the inverse transform: rotate by the angle, divide by the zoom,
    /// subtract the shift. Normalised coordinates stretch x and y differently on a non-square image, so
    /// the off-diagonal terms carry the aspect ratio to keep the rotation rigid in pixels.
    /// </summary>
    private Tensor Warp(Tensor x)
    {
        var (n, height, width) = (x.shape[0], x.shape[2], x.shape[3]);
        var u = Symmetric(n, 4, x.dtype);
        // A shift of f of the width moves content by 2f in normalised [-1, 1] coordinates.
        using Scalar radians = _spec.RotationDegrees * Math.PI / 180, zoom = _spec.Zoom, one = 1, shift = -2 * _spec.Shift,
            aspect = (double)height / width, negativeAspect = -(double)height / width;
        var angle = u[.., 0].mul(radians);
        var scale = u[.., 1].mul(zoom).add_(one);
        var shiftX = u[.., 2].mul(shift);
        var shiftY = u[.., 3].mul(shift);
        var cos = angle.cos().div_(scale);
        var sin = angle.sin().div_(scale);
        var theta = stack(
            [
                stack([cos, sin.mul(negativeAspect), shiftX], 1),
                stack([sin.div(aspect), cos, shiftY], 1),
            ],
            1);
        var grid = F.affine_grid(theta, [n, x.shape[1], height, width], align_corners: false);
        return F.grid_sample(x, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false);
    }

    /// <summary>Adds a brightness offset, then scales each image's deviation from its own mean.</summary>
    private Tensor AdjustColour(Tensor x)
    {
        var u = Symmetric(x.shape[0], 2, x.dtype);
        using Scalar brightness = _spec.Brightness, contrast = _spec.Contrast, zero = 0, one = 1;
        var offset = u[.., 0].mul(brightness).view(-1, 1, 1, 1);
        // Factors below zero would invert the image rather than flatten it.
        var factor = u[.., 1].mul(contrast).add_(one).clamp_min_(zero).view(-1, 1, 1, 1);
        var brightened = x.add(offset);
        var mean = brightened.mean([1, 2, 3], keepdim: true);
        return brightened.sub(mean).mul_(factor).add_(mean).clamp_(zero, one);
    }

    /// <summary>
    /// Separable Gaussian blur, sigma uniform in (0, BlurSigma] per image. The batch is folded into the
    /// channels (1 x N*C x H x W) so that one depthwise conv per direction gives every image its own kernel.
    /// Reflect padding keeps borders from darkening (a constant image stays constant); it needs the kernel
    /// radius, ceil(3 * BlurSigma), to be smaller than the image's sides.
    /// </summary>
    private Tensor Blur(Tensor x)
    {
        var (n, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var r = _blurRadius;
        if (r >= height || r >= width)
        {
            throw new ArgumentException(
                $"BlurSigma {_spec.BlurSigma} needs a kernel radius of {r} pixels, which reflect padding cannot give a {height} x {width} image.");
        }

        // 1 - U[0, 1) lies in (0, 1], so sigma is never zero.
        using Scalar one = 1, blurSigma = _spec.BlurSigma, minusTwo = -2;
        var sigma = rand([n, 1], dtype: x.dtype, device: _device, generator: _generator).neg_().add_(one).mul_(blurSigma);
        var offsets = arange(-r, r + 1, dtype: x.dtype, device: _device);
        var kernel = offsets.square().unsqueeze(0).div(sigma.square().mul_(minusTwo)).exp_();
        kernel.div_(kernel.sum(1, keepdim: true));
        var size = 2 * r + 1;
        var perChannel = kernel.unsqueeze(1).expand(n, channels, size).reshape(n * channels, 1, size);

        var folded = F.pad(x.reshape(1, n * channels, height, width), [r, r, r, r], PaddingModes.Reflect);
        var vertical = F.conv2d(folded, perChannel.unsqueeze(3), groups: n * channels);
        var blurred = F.conv2d(vertical, perChannel.unsqueeze(2), groups: n * channels);
        return blurred.reshape(n, channels, height, width);
    }

    /// <summary>
    /// Zeroes a Cutout x Cutout square in every channel, centred anywhere in the image (as in DeVries and
    /// Taylor), so near a border only its clipped part falls inside.
    /// </summary>
    private Tensor CutOut(Tensor x)
    {
        var (n, height, width) = (x.shape[0], x.shape[2], x.shape[3]);
        using Scalar side = _spec.Cutout, half = _spec.Cutout / 2, zero = 0;
        var top = randint(0, height, [n, 1], device: _device, generator: _generator).sub_(half);
        var left = randint(0, width, [n, 1], device: _device, generator: _generator).sub_(half);
        var rows = arange(height, dtype: ScalarType.Int64, device: _device).unsqueeze(0);
        var columns = arange(width, dtype: ScalarType.Int64, device: _device).unsqueeze(0);
        var inRows = rows.ge(top).logical_and_(rows.lt(top.add(side)));
        var inColumns = columns.ge(left).logical_and_(columns.lt(left.add(side)));
        var square = inRows.unsqueeze(2).logical_and(inColumns.unsqueeze(1)).unsqueeze(1);
        return x.masked_fill(square, zero);
    }

    /// <summary>
    /// Mixes each image with a partner from a random permutation, weight lambda ~ Beta(alpha, alpha).
    /// torch.distributions takes no generator, so lambda is drawn as G1 / (G1 + G2) with G1, G2 ~
    /// Gamma(alpha, 1) from _standard_gamma, which does. Drawn in float64 so that a small alpha's tiny
    /// Gamma draws keep their precision.
    /// </summary>
    private (Tensor Images, Tensor Targets) Mix(Tensor x, Tensor labels)
    {
        var n = x.shape[0];
        var gammas = _standard_gamma(full(2, _spec.MixupAlpha, dtype: ScalarType.Float64, device: _device), _generator);
        var lambda = gammas[0].div(gammas.sum()).to(x.dtype);
        using Scalar one = 1;
        var partnerWeight = lambda.neg().add_(one);
        var partner = randperm(n, generator: _generator, device: _device);
        var oneHot = F.one_hot(labels, _classes).to(x.dtype);
        var images = x.mul(lambda).add_(x.index_select(0, partner).mul_(partnerWeight));
        var targets = oneHot.mul(lambda).add_(oneHot.index_select(0, partner).mul_(partnerWeight));
        return (images, targets);
    }
}
