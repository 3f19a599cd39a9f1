using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Search.Tests;

/// <summary>Every kind of refusal, with the message a user sees: file, line, path, what is allowed.</summary>
public sealed class ValidationSpecs
{
    private static SweepError Single(string text) => Assert.Single(Sweeps.Errors(text));

    [Fact]
    public void Malformed_yaml_names_the_line()
    {
        var error = Single("name: x\nmodel: [unclosed\n");

        Assert.Equal("bad.yaml", error.File);
        Assert.Contains("not valid YAML", error.Message);
    }

    [Fact]
    public void An_unknown_key_names_its_line_path_the_allowed_keys_and_a_likely_fix()
    {
        var error = Single(Sweeps.Base.Replace("      filters: 16", "      filtres: 16"));

        Assert.Equal(11, error.Line);
        Assert.Equal("model.blocks[1].filtres", error.Path);
        Assert.Contains("unknown key 'filtres' (did you mean 'filters'?)", error.Message);
        Assert.Contains("allowed here: filters, kernel, stride", error.Message);
    }

    [Fact]
    public void A_wrong_type_says_what_was_expected()
    {
        var error = Single(Sweeps.Base.Replace("  epochs: 2", "  epochs: many"));

        Assert.Equal("training.epochs", error.Path);
        Assert.Equal("expected a whole number up to 2147483647, got 'many'", error.Message);
    }

    [Fact]
    public void An_unknown_enum_value_lists_the_valid_ones()
    {
        var error = Single(Sweeps.Base.Replace("pool: {kind: max, size: 2}\n    - type: conv", "pool: {kind: median, size: 2}\n    - type: conv"));

        Assert.Equal("model.blocks[0].pool.kind", error.Path);
        Assert.Equal("expected one of max, average, min, soft, got 'median'", error.Message);
    }

    [Fact]
    public void An_unknown_block_type_lists_the_valid_ones()
    {
        var error = Single(Sweeps.Base.Replace("    - type: conv\n      filters: 16", "    - type: dense\n      filters: 16"));

        Assert.Equal("model.blocks[1].type", error.Path);
        Assert.Contains("unknown type 'dense'; expected one of conv, residual, inception", error.Message);
    }

    [Fact]
    public void A_missing_name_is_required()
    {
        var error = Single(Sweeps.Base.Replace("name: test\n", ""));

        Assert.Contains("'name' is required", error.Message);
    }

    [Theory]
    [InlineData("training:\n  epochs: 2", "training:\n  epochs: 2\n  optimizer: {learning_rate: -0.1}", "training.optimizer.learning_rate", "must be greater than 0")]
    [InlineData("      - units: 32", "      - units: 32\n        dropout: 1.0", "model.head.dense[0].dropout", "must be a rate in [0, 1)")]
    [InlineData("      filters: 8", "      filters: 8\n      kernel: 0", "model.blocks[0].kernel", "must be at least 1")]
    [InlineData("  name: fashion-mnist", "  name: fashion-mnist\n  validation: 1.5", "dataset.validation", "must be a fraction strictly between 0 and 1")]
    [InlineData("training:\n  epochs: 2", "training:\n  epochs: 2\n  batch_size: 0", "training.batch_size", "must be at least 1")]
    [InlineData("training:\n  epochs: 2", "training:\n  epochs: 2\n  optimizer: {kind: sgd, nesterov: true}", "training.optimizer.nesterov", "must be false unless momentum > 0")]
    public void Out_of_range_values_name_the_path_and_what_is_allowed(string find, string replace, string path, string message)
    {
        var error = Single(Sweeps.Base.Replace(find, replace));

        Assert.Equal(path, error.Path);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void An_impossible_shape_names_the_block_and_the_sizes()
    {
        var error = Single(Sweeps.Base.Replace("      filters: 16\n      pool: {kind: max, size: 2}", "      filters: 16\n      pool: {kind: max, size: 15}"));

        Assert.Equal("model.blocks[1].pool", error.Path);
        Assert.Contains("max pooling 15 stride 15 on a 14x14 feature map gives 0x0", error.Message);
    }

    [Fact]
    public void A_trial_that_breaks_only_through_an_override_is_named_and_points_at_the_override()
    {
        var errors = Sweeps.Errors(Sweeps.Base + "\nsearch:\n  strategy: grid\n  parameters:\n    model.blocks[1].pool.size: [2, 15]\n");

        var error = Assert.Single(errors);
        Assert.Equal(21, error.Line);
        Assert.StartsWith("trial 'model.blocks[1].pool.size=15': max pooling 15", error.Message);
    }

    [Fact]
    public void A_search_path_that_names_nothing_is_refused_with_its_line()
    {
        var error = Single(Sweeps.Base + "\nsearch:\n  strategy: grid\n  parameters:\n    model.blocks[5].filters: [1, 2]\n");

        Assert.Equal(21, error.Line);
        Assert.Contains("'model.blocks[5].filters' names nothing: model.blocks has 2 entries (positions 0..1)", error.Message);
    }

    [Fact]
    public void A_bad_distribution_is_explained()
    {
        var error = Single(Sweeps.Base + "\nsearch:\n  strategy: random\n  parameters:\n    training.epochs: {normal: [1, 2]}\n");

        Assert.Contains("expected one distribution", error.Message);
    }

    [Fact]
    public void A_key_the_strategy_does_not_read_is_refused()
    {
        var error = Single(Sweeps.Base + "\nsearch:\n  strategy: grid\n  factors:\n    training.epochs: [3]\n");

        Assert.Equal("search.factors", error.Path);
        Assert.Equal("is not used by the grid strategy; it reads parameters, repeats, strategy", error.Message);
    }

    [Fact]
    public void A_stage_metric_must_be_one_that_is_recorded()
    {
        var error = Single(Sweeps.Base + "\nsearch:\n  strategy: stages\n  metric: f1\n  stages:\n    - {strategy: grid, parameters: {training.epochs: [3]}}\n");

        Assert.Equal("search.metric", error.Path);
        Assert.StartsWith("'f1' is not a recorded metric; use one of val_accuracy, val_loss", error.Message);
    }

    [Theory]
    [InlineData("  epochs: 2", "  epochs: 3000000000", "training.epochs", "expected a whole number up to 2147483647, got '3000000000'")]
    [InlineData("  epochs: 2", "  epochs: 2\n  optimizer: {learning_rate: 1e999}", "training.optimizer.learning_rate", "expected a finite number, got '1e999'")]
    [InlineData("  name: fashion-mnist", "  name: fashion-mnist\n  subset: 70000", "dataset.subset", "must be between 100 and 60000 training images")]
    [InlineData("  name: fashion-mnist", "  name: fashion-mnist\n  subset: 200\n  folds: 30", "dataset.folds", "must be 0 (no cross-validation) or 2 to 20 (every fold needs each class)")]
    [InlineData("  name: fashion-mnist", "  name: fashion-mnist\n  test_subset: 20000", "dataset.test_subset", "must be between 10 and 10000 test images")]
    [InlineData("  epochs: 2", "  epochs: 2\n  augmentation: {blur_sigma: 10}", "training.augmentation.blur_sigma", "must be 0 or more, with a kernel radius (3 sigma) below the image side: under 9.33")]
    public void Values_that_would_only_fail_in_training_are_refused_up_front(string find, string replace, string path, string message)
    {
        var error = Single(Sweeps.Base.Replace(find, replace));

        Assert.Equal(path, error.Path);
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void An_unknown_dataset_names_the_field_and_lists_the_registered_ones()
    {
        var error = Single(Sweeps.Base.Replace("  name: fashion-mnist", "  name: mnist"));

        Assert.Equal("dataset.name", error.Path);
        Assert.Equal("must be one of fashion-mnist, cifar10 (not 'mnist'), or set dataset.source to read your own files", error.Message);
    }

    [Fact]
    public void A_cifar10_sweep_is_checked_against_cifar10s_set_sizes()
    {
        var error = Single(Sweeps.Base.Replace("  name: fashion-mnist", "  name: cifar10\n  path: /data/cifar10\n  subset: 55000"));

        Assert.Equal("dataset.subset", error.Path);
        Assert.StartsWith("must be between 100 and 50000 training images", error.Message);
    }

    [Fact]
    public void A_key_that_is_not_plain_text_is_refused()
    {
        Assert.Equal("a key must be plain text, not a list or a mapping", Single("name: x\n? [a]\n: 1\n").Message);
    }

    [Fact]
    public void An_alias_that_contains_itself_is_refused_instead_of_recursing_forever()
    {
        Assert.Equal("an alias refers to a node that contains it", Single("name: x\nloop: &x [*x]\n").Message);
    }

    [Fact]
    public void An_alias_bomb_is_refused()
    {
        var bomb = "name: x\na: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + string.Concat(Enumerable.Range(0, 6).Select(i =>
            $"{(char)('b' + i)}: &{(char)('b' + i)} [{string.Join(", ", Enumerable.Repeat("*" + (char)('a' + i), 10))}]\n"));

        Assert.StartsWith("more than 100000 values", Single(bomb).Message);
    }

    [Fact]
    public void A_list_position_too_large_for_a_number_is_not_a_path()
    {
        var error = Single(Sweeps.Base + "\nsearch:\n  strategy: grid\n  parameters:\n    model.blocks[99999999999].filters: [1]\n");

        Assert.Contains("is not a path", error.Message);
    }

    [Fact]
    public void A_feature_map_too_large_to_flatten_is_a_shape_error()
    {
        var error = Single(Sweeps.Base.Replace("      filters: 16\n      pool: {kind: max, size: 2}", "      filters: 30000000\n      pool: {kind: max, size: 1}"));

        Assert.Equal("model.head", error.Path);
        Assert.StartsWith("flattening a 30000000x14x14 feature map", error.Message);
    }

    [Theory]
    [InlineData("{uniform: [0.1, 0.5], when: kind=sgd}")]
    [InlineData("{int: [1.5, 3]}")]
    public void A_malformed_distribution_or_condition_is_refused(string distribution)
    {
        var error = Single(Sweeps.Base + $"\nsearch:\n  strategy: random\n  parameters:\n    training.epochs: {distribution}\n");

        Assert.Contains("expected one distribution", error.Message);
    }

    [Fact]
    public void A_condition_on_a_path_that_names_nothing_is_refused()
    {
        var error = Single(Sweeps.Base + "\nsearch:\n  strategy: random\n  parameters:\n    training.epochs: {int: [1, 3], when: {training.optimiser.kind: sgd}}\n");

        Assert.Equal("names nothing in a trial: training.optimiser.kind", error.Message);
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var text = Sweeps.Base
            .Replace("      filters: 16", "      filtres: 16")
            .Replace("  epochs: 2", "  epochs: many\n  batchsize: 3");

        var errors = Sweeps.Errors(text);

        Assert.Equal(3, errors.Count);
        Assert.Equal(["model.blocks[1].filtres", "training.epochs", "training.batchsize"], errors.Select(e => e.Path));
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Single(Assert.Throws<SweepFileException>(() => SweepExpander.ExpandFile("/no/such/sweep.yaml")).Errors);

        Assert.Equal("/no/such/sweep.yaml", error.File);
        Assert.Equal("no such file", error.Message);
    }
}
