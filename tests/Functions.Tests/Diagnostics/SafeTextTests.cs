using System.Globalization;
using Functions.Core.Diagnostics;

namespace Functions.Tests.Diagnostics;

/// <summary>The one rule for showing untrusted text to a person: nothing a terminal acts on or nobody can see passes as it is.</summary>
public sealed class SafeTextTests
{
    [Theory]
    [InlineData("plain text, 质问 😀", "plain text, 质问 😀")]
    [InlineData("\u001b[2J\u001b[3J\u001b[H", "\\u001b[2J\\u001b[3J\\u001b[H")]
    [InlineData("title\u001b]0;pwned\u0007", "title\\u001b]0;pwned\\u0007")]
    [InlineData("c1 \u009b31m and del \u007f", "c1 \\u009b31m and del \\u007f")]
    [InlineData("a\rb", "a\\u000db")]
    [InlineData("line\nbreak\tand tab", "line\\u000abreak\\u0009and tab")]
    [InlineData("sep\u2028par\u2029", "sep\\u2028par\\u2029")]
    [InlineData("abc\u202Egnp.exe", "abc⟨U+202E⟩gnp.exe")]
    [InlineData("\u2066isolate\u2069 \u200E\u200F\u061C", "⟨U+2066⟩isolate⟨U+2069⟩ ⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩")]
    [InlineData("zero\u200Bwidth\u200C\u200D\u2060\uFEFF", "zero⟨U+200B⟩width⟨U+200C⟩⟨U+200D⟩⟨U+2060⟩⟨U+FEFF⟩")]
    [InlineData("tag \U000E0041\U000E0042", "tag ⟨U+E0041⟩⟨U+E0042⟩")]
    public void Line_MakesControlBidiAndZeroWidthCharactersVisible(string text, string expected) => Assert.Equal(expected, SafeText.Line(text));

    [Fact]
    public void Line_WritesALoneSurrogateAsItsCode() => Assert.Equal("a\\ud800b", SafeText.Line("a\ud800b"));

    [Fact]
    public void Block_KeepsNewlineAndTab_ButNotCarriageReturnOrEscape() =>
        Assert.Equal("{\"a\":1,\\u000d\"b\":2}\n\tnext \\u001b[31mred", SafeText.Block("{\"a\":1,\r\"b\":2}\n\tnext \u001b[31mred"));

    [Fact]
    public void TextWithNothingToEscape_IsReturnedAsItIs()
    {
        var text = "{\"messages\":[{\"role\":\"user\",\"content\":\"你好\"}]}";

        Assert.Same(text, SafeText.Line(text));
        Assert.Same(text, SafeText.Block(text));
        Assert.Equal("", SafeText.Line(null));
    }

    [Fact]
    public void EveryControlFormatAndSeparatorCharacter_IsEscaped_InBothForms()
    {
        for (var c = 0; c <= 0xFFFF; c++)
        {
            if (char.IsSurrogate((char)c))
            {
                continue;
            }

            var text = ((char)c).ToString();
            var dangerous = char.IsControl((char)c) || c is 0x2028 or 0x2029 || CharUnicodeInfo.GetUnicodeCategory((char)c) == UnicodeCategory.Format;
            Assert.Equal(dangerous, SafeText.Line(text) != text);
            Assert.Equal(dangerous && c is not '\n' and not '\t', SafeText.Block(text) != text);
        }
    }

    [Fact]
    public void LogText_FollowsTheSameRule() => Assert.Equal("id \\u001b[2J ⟨U+202E⟩", LogText.Safe("id \u001b[2J \u202E"));
}
