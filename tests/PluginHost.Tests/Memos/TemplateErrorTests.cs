using PluginHost.Tests.Support;

namespace PluginHost.Tests.Memos;

/// <summary>Template mistakes are PH4xxx errors with the template's path, line and column; nothing half-rendered is written.</summary>
public sealed class TemplateErrorTests
{
    /// <summary>plan of school G with an override folder whose partials/summary.sbn is the given text.</summary>
    private static CliResult PlanWithSummary(TempDir temp, string summary, params string[] options)
    {
        Directory.CreateDirectory(temp.Combine("overrides", "partials"));
        File.WriteAllText(temp.Combine("overrides", "partials", "summary.sbn"), summary);
        return CliRunner.Run(temp.Path, ["--templates", temp.Combine("overrides"), "plan", Path.Combine(TestPaths.DemoDistrict, "school-g.json"), "--out", temp.Combine("out"), .. options]);
    }

    // A misspelled field is a render error at its position. A partial that does not parse fails the plan at its own
    // line and column (not at the include): plan parses the memo's templates ahead on another core, and a partial with
    // a syntax error must still reach the render's own parse, never be served half-parsed.
    [Theory]
    [InlineData("## 1. Summary\n\n{{ school.nmae }} serves {{ school.enrollment }} students.\n",
        "overrides/partials/summary.sbn(3,11): error PH4002: Cannot get member with name nmae (did you mean 'name'?); templates see exactly the fields of result.json (docs/result-format.md) plus charts, words and the format functions")]
    [InlineData("## 1. Summary\n\n{{ school.name }} has {{ mony school.generalFunding }}.\n",
        "overrides/partials/summary.sbn(3,26): error PH4002: The variable or function `mony` was not found (did you mean 'money'?); templates see exactly the fields of result.json (docs/result-format.md) plus charts, words and the format functions")]
    [InlineData("## 1. Summary\n\n{{ if school.name }} never closed\n",
        "overrides/partials/summary.sbn(3,21): error PH4001: Error while parsing if statement: The <end> statement was not found in: if <expression> ... end|else|else if")]
    public void A_mistake_in_an_override_template_is_reported_at_its_file_line_and_column_and_nothing_is_written(string summary, string expected)
    {
        using var temp = new TempDir();
        var result = PlanWithSummary(temp, summary);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(expected, result.Stderr.Trim());
        Assert.False(Directory.Exists(temp.Combine("out")));
    }

    [Fact]
    public void An_override_replaces_only_the_template_of_the_same_name()
    {
        using var temp = new TempDir();
        var result = PlanWithSummary(temp, "## 1. Summary\n\nOur own summary for {{ school.name }}.\n", "--format", "md");

        Assert.Equal(0, result.ExitCode);
        var memo = File.ReadAllText(temp.Combine("out", "school-g", "memo.md"));
        Assert.Contains("Our own summary for School G.", memo, StringComparison.Ordinal);
        Assert.Contains("## 5. Cut scenarios", memo, StringComparison.Ordinal);
    }

    [Fact]
    public void Templates_check_reports_every_parse_error_with_file_line_and_column()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp.Combine("one.sbn"), "{{ for x in items }}\nno end\n");
        File.WriteAllText(temp.Combine("two.sbn"), "fine {{ x }}\n{{ if }}\n");

        var result = CliRunner.Run(temp.Path, "templates", "check", temp.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "one.sbn(1,21): error PH4001: Error while parsing for statement: The <end> statement was not found in: for <variable> in <expression> ... end\n" +
            "two.sbn(2,7): error PH4001: Error while parsing if statement: Expecting <expression> instead of `}}` in: if <expression> ... end|else|else if\n" +
            "two.sbn(2,9): error PH4001: Error while parsing if statement: The <end> statement was not found in: if <expression> ... end|else|else if",
            result.Stderr.Trim());
        Assert.Equal("2 templates checked, 3 errors", result.Stdout.Trim());
    }

    [Fact]
    public void The_shipped_templates_parse()
    {
        using var temp = new TempDir();
        var result = CliRunner.Run(temp.Path, "templates", "check");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("17 templates checked, 0 errors", result.Stdout.Trim());
    }
}
