using CsCheck;
using PluginHost.Diagnostics;

namespace PluginHost.Tests.Diagnostics;

/// <summary>An error listing the valid names also names the one a typo most likely meant, and only when one is clearly closest.</summary>
public sealed class SuggestionTests
{
    private static readonly string[] ProfileFields = ["id", "name", "fiscalYear", "illustrativeData", "balancedBudgetAssumed", "missingData", "archetypes", "enrollment", "funding", "positions", "nonPersonnel", "devices", "startup", "designElements", "practices"];

    private static readonly string[] Categories = ["administrative", "operations", "after-school-elective", "instructional-support", "student-services", "teaching", "non-personnel"];

    [Theory]
    [InlineData("enrolment", "enrollment")]
    [InlineData("Enrollment", "enrollment")]
    [InlineData("fiscalyear", "fiscalYear")]
    [InlineData("postions", "positions")]
    [InlineData("desingElements", "designElements")]
    [InlineData("nonPersonel", "nonPersonnel")]
    [InlineData("nmae", "name")]
    public void A_field_one_or_two_letters_off_is_named(string typed, string meant) =>
        Assert.Equal(meant, Suggestion.Closest(typed, ProfileFields));

    [Theory]
    [InlineData("adminstrative", "administrative")]
    [InlineData("teachng", "teaching")]
    [InlineData("student-service", "student-services")]
    public void A_category_one_or_two_letters_off_is_named(string typed, string meant) =>
        Assert.Equal(meant, Suggestion.Closest(typed, Categories));

    [Theory]
    [InlineData("budget")]
    [InlineData("students")]
    [InlineData("xyz")]
    [InlineData("")]
    public void Nothing_is_named_when_no_field_is_close(string typed) =>
        Assert.Null(Suggestion.Closest(typed, ProfileFields));

    [Fact]
    public void Nothing_is_named_when_two_names_are_equally_close()
    {
        Assert.Null(Suggestion.Closest("cat", ["bat", "hat"]));
        Assert.Null(Suggestion.Closest("NAME", ["name", "Name"]));
        Assert.Equal("", Suggestion.DidYouMean("cat", ["bat", "hat"]));
        Assert.Equal(" (did you mean 'html'?)", Suggestion.DidYouMean("htm", ["md", "html", "json", "pdf"]));
    }

    [Fact]
    public void Any_one_edit_of_a_long_field_name_is_traced_back_to_it()
    {
        // Every profile field of five or more letters is at least three edits from every other, so one edit of it
        // (a letter dropped, added, changed, or two neighbours swapped) must lead back to it and to no other.
        var longFields = ProfileFields.Where(f => f.Length >= 5).ToArray();
        Gen.Select(Gen.Int[0, longFields.Length - 1], Gen.Int[0, 3], Gen.Int[0, 100], Gen.Char['a', 'z']).Sample((which, edit, at, letter) =>
        {
            var field = longFields[which];
            var i = at % field.Length;
            var typed = edit switch
            {
                0 => field.Remove(i, 1),
                1 => field.Insert(i, letter.ToString()),
                2 => field[..i] + letter + field[(i + 1)..],
                _ => i + 1 < field.Length ? field[..i] + field[i + 1] + field[i] + field[(i + 2)..] : field.Remove(i, 1),
            };
            var expected = typed == field ? null : field;
            return Suggestion.Closest(typed, longFields) == expected;
        }, iter: 5_000);
    }
}
