using System.Text;
using Functions.Core.Errors;
using Functions.Core.OpenAI;
using Functions.Core.Validation;

namespace Functions.Tests.Validation;

/// <summary>Text that is not valid Unicode, and names given twice, are refused before anything reads the body.</summary>
public sealed class UnicodeTextTests
{
    private static FacadeException Refused(byte[] body) => Assert.Throws<FacadeException>(() => ChatCompletionRequestReader.Read(body));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x\ud800y"}]}""", "messages[0].content")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"\udc00\ud800"}]}""", "messages[0].content")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"end \ud83d"}]}""", "messages[0].content")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"user":"\uDFFF"}""", "user")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a\ud800\u0041"}]}]}""", "messages[0].content[0].text")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x","\ud800":1}]}""", "messages[0].\\ud800")]
    public void AnUnpairedSurrogateEscape_IsRefusedNamingTheField(string json, string field)
    {
        var error = Refused(Utf8(json));

        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_parameter", error.Code.Value);
        Assert.Equal(field, error.Param);
        Assert.Contains("surrogate", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF8, 0x88, 0x80, 0x80, 0x80 })]
    public void BytesThatAreNotUtf8_AreRefused(byte[] bad)
    {
        byte[] body = [.. Utf8("""{"model":"m","messages":[{"role":"user","content":"x"""), .. bad, .. Utf8("\"}],\"tool_choice\":\"auto\"}")];

        var error = Refused(body);

        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_json", error.Code.Value);
        Assert.Contains("not valid UTF-8 (byte 53 starts an invalid sequence)", error.Message);
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"messages":[{"role":"user","content":"y"}]}""", "messages")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x","content":"y"}]}""", "messages[0].content")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"extra":{"a":1,"a":2}}""", "extra.a")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a","text":"b"}]}]}""", "messages[0].content[0].text")]
    public void ANameGivenTwiceInOneObject_IsRefused(string json, string name)
    {
        var error = Refused(Utf8(json));

        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_json", error.Code.Value);
        Assert.Contains($"Duplicate property '{name.Split('.', '[')[^1].TrimEnd(']')}'", error.Message);
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"smile \ud83d\ude00 \uD83D\uDE00"}]}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"\u4f60\u597d \u0000 \\ud800 is text"}]}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"你好 😀"}]}""")]
    public void ValidUnicode_IsRead(string json) =>
        Assert.Equal("m", ChatCompletionRequestReader.Read(Utf8(json)).Model);

    [Theory]
    [InlineData("""{"a":[1,{"b":"x"}]}""", "\"x\"", "a[1].b")]
    [InlineData("""{"a":[1,{"b":"x"}]}""", "\"b\"", "a[1].b")]
    [InlineData("""[{"a":1},{"a":[true,"t"]}]""", "\"t\"", "[1].a[1]")]
    [InlineData("""{"a":{"b":{}},"c":"z"}""", "\"z\"", "c")]
    public void JsonPath_NamesTheTokenAtAnOffset(string json, string token, string path) =>
        Assert.Equal(path, JsonPath.At(Utf8(json), json.IndexOf(token, StringComparison.Ordinal)));
}
