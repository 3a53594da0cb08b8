using CsCheck;
using PluginHost.Io;

namespace PluginHost.Tests.Security;

public sealed class PrintableTests
{
    [Fact]
    public void Controls_and_bidi_overrides_are_taken_out_and_everything_else_is_kept()
    {
        Assert.Equal("School A", Printable.Of("School\u202E A\u0000"));
        Assert.Equal("Écoles · 7 %", Printable.Of("Écoles · 7 %"));
        Assert.Same("Plain text", Printable.Of("Plain text"));
    }

    [Fact]
    public void The_vectorised_search_takes_out_exactly_the_characters_IsHidden_names()
    {
        // Names and values as districts write them, with every kind of hidden character mixed in now and then.
        var chars = Gen.OneOf(Gen.Char['\u0020', '\u007E'], Gen.Char['\u00A0', '\u024F'], Gen.Char, Gen.OneOf<char>('\u0000', '\u001B', '\u007F', '\u0085', '\u009F', '\u061C', '\u200E', '\u200F', '\u202A', '\u202E', '\u2066', '\u2069', '\uFEFF'));
        chars.Array[0, 40].Select(a => new string(a)).Sample(text =>
            Assert.Equal(new string(text.Where(c => !Printable.IsHidden(c)).ToArray()), Printable.Of(text)), iter: 20_000);
    }
}
