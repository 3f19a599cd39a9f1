using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Search.Tests;

/// <summary>Hostile or broken YAML is refused as a located sweep-file error, never as a crash.</summary>
public sealed class YamlReadingSpecs
{
    private static SweepError Single(string text) => Assert.Single(Sweeps.Errors(text));

    [Fact]
    public void Ten_thousand_nested_brackets_are_refused_at_the_first_level_too_deep()
    {
        var text = "name: x\nmodel: " + new string('[', 10_000) + new string(']', 10_000) + "\n";

        var error = Single(text);

        Assert.Equal((2, 7 + YamlTree.MaxDepth), (error.Line, error.Column));
        Assert.Equal($"nested more than {YamlTree.MaxDepth} levels deep; a sweep file needs far fewer", error.Message);
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_read()
    {
        // The top-level mapping is the first level; the list under 'deep' the second.
        var text = "name: x\ndeep: " + new string('[', YamlTree.MaxDepth - 1) + new string(']', YamlTree.MaxDepth - 1) + "\n";

        Assert.DoesNotContain(Sweeps.Errors(text), e => e.Message.Contains("nested"));
    }

    [Fact]
    public void A_file_larger_than_the_limit_is_refused_before_it_is_parsed()
    {
        var text = "name: x\n#" + new string('x', YamlTree.MaxBytes) + "\n";

        var error = Single(text);

        Assert.Equal((1, 1, "(file)"), (error.Line, error.Column, error.Path));
        Assert.Equal($"is {text.Length:N0} bytes; a sweep file may be at most {YamlTree.MaxBytes:N0} bytes", error.Message);
    }

    [Theory]
    [InlineData("name: x\nsearch:\n  parameters:\n    lr: [0.001, 0.003\n")]
    [InlineData("name: x\nsearch:\n  parameters:\n    lr: [0.001, 0.003")]
    [InlineData("name: x\nlr: {a: 1\n")]
    [InlineData("name: x\nlr: \"unclosed\n")]
    [InlineData("name: x\nlr: *nowhere\n")]
    public void Broken_yaml_is_a_located_error_not_a_crash(string text)
    {
        var error = Single(text);

        Assert.Equal("bad.yaml", error.File);
        Assert.True(error.Line >= 1 && error.Column >= 1, error.ToString());
        Assert.StartsWith("not valid YAML: ", error.Message);
    }

    [Fact]
    public void An_unclosed_list_before_more_keys_points_at_its_bracket()
    {
        // YamlDotNet's scanner throws InvalidOperationException, with no position, on this text.
        var error = Single("name: x\nsearch:\n  parameters:\n    training.optimizer.learning_rate: [0.001, 0.003\n    training.batch_size: [32, 64]\n");

        Assert.Equal((4, 39, "(file)"), (error.Line, error.Column, error.Path));
        Assert.Equal("not valid YAML: this bracket is never closed", error.Message);
    }

    [Fact]
    public void A_second_document_is_refused_where_it_starts()
    {
        var error = Single(Sweeps.Base + "\n---\nname: other\n");

        Assert.Equal((18, 1, "(file)"), (error.Line, error.Column, error.Path));
        Assert.Equal("a sweep file holds one YAML document; a second one starts here after '---'", error.Message);
    }
}
