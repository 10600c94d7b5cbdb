using System.Text;
using Functions.Core.Audit;
using Functions.Core.Audit.Tables;

namespace Functions.Tests.Audit;

/// <summary>The record layout without a service: chunking, keys, budgets and reassembly.</summary>
public sealed class AuditLayoutTests
{
    [Fact]
    public void Split_NeverSeparatesASurrogatePair_AtAnyOffset()
    {
        for (var offset = 0; offset < 4; offset++)
        {
            var text = new string('a', offset) + string.Concat(Enumerable.Repeat("😀", 40));

            var chunks = AuditText.Split(text, maxChunkChars: 7);

            Assert.Equal(text, string.Concat(chunks));
            Assert.All(chunks, c => Assert.False(char.IsHighSurrogate(c[^1]) || char.IsLowSurrogate(c[0]), $"chunk '{c}' splits a pair"));
            Assert.All(chunks, c => Assert.True(c.Length <= 7));
        }
    }

    [Fact]
    public void Keys_EncodeForbiddenCharacters_AndSortNewestFirst()
    {
        var early = AuditKeys.ForRecord("a/b#c?d\\e", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var late = AuditKeys.ForRecord("a/b#c?d\\e", new DateTimeOffset(2025, 1, 1, 0, 0, 1, TimeSpan.Zero));

        Assert.Equal("a_2Fb_23c_3Fd_5Ce", early.RequestKey);
        Assert.StartsWith("20250101-", early.PartitionKey);
        Assert.True(string.CompareOrdinal(late.RowKey, early.RowKey) < 0);
        Assert.True(string.CompareOrdinal(early.ContinuationRowKey("PromptReceived", 0), "~") > 0);
        Assert.DoesNotContain(early.RowKey, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
    }

    [Fact]
    public void Keys_OfVeryLongRequestIds_StayBoundedAndDistinct()
    {
        var a = AuditKeys.Encode(new string('x', 5000) + "a");
        var b = AuditKeys.Encode(new string('x', 5000) + "b");

        Assert.True(a.Length < 300);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void StartPlan_PutsLongPromptsInContinuationRows_UnderBothSizeLimits()
    {
        var prompt = string.Concat(Enumerable.Repeat("\u0001中😀", 400_000));
        var keys = AuditKeys.ForRecord("r", DateTimeOffset.UtcNow);
        var start = new AuditStart
        {
            RequestId = "r", Time = DateTimeOffset.UtcNow, Caller = new Functions.Core.Callers.Caller("c", "api-key"), Route = AuditRoute.Native,
            Provider = "mindie", Model = "m", PromptReceived = prompt, PromptSent = "{}",
        };

        var plan = AuditRecordWriter.ForStart(start, keys);
        var rows = plan.ContinuationRows.ToList();
        var reassembled = AuditRecord.FromRows(plan.Record, rows);

        Assert.NotEmpty(rows);
        Assert.All(rows.Append(plan.Record), row =>
        {
            Assert.True(TableEntityJson.Serialize(row).Length < 1024 * 1024, "JSON over 1 MiB");
            Assert.True(AuditEntitySizeOf(row) < 1024 * 1024, "stored size over 1 MiB");
        });
        Assert.Equal(prompt, reassembled.PromptReceived);
        Assert.Equal("{}", reassembled.PromptSent);
        Assert.Equal(Encoding.UTF8.GetBytes(prompt), Encoding.UTF8.GetBytes(reassembled.PromptReceived!));
    }

    [Fact]
    public void CompletionPlan_OfAFlaggedCall_WritesTheFlaggedIndexRow_AndNotOtherwise()
    {
        var keys = AuditKeys.ForRecord("r", DateTimeOffset.UtcNow);
        var completion = new AuditCompletion { RequestId = "r", Time = DateTimeOffset.UtcNow, Outcome = AuditOutcome.Completed, Status = 200, DurationMs = 1, Flag = 0, NeedClearHistory = true };

        var flagged = AuditRecordWriter.ForCompletion(completion, keys, null, startWritten: false);
        var clean = AuditRecordWriter.ForCompletion(completion with { NeedClearHistory = false }, keys, null, startWritten: false);

        Assert.Contains(flagged.IndexRows, r => r.PartitionKey == AuditKeys.FlaggedPartition(keys.Day));
        Assert.DoesNotContain(clean.IndexRows, r => r.PartitionKey.StartsWith("f-", StringComparison.Ordinal));
    }

    private static long AuditEntitySizeOf(TableEntity entity)
    {
        // The service's formula: 4 + keys in UTF-16 + per property 8 + name in UTF-16 + value (strings 4 + UTF-16).
        var size = 4L + 2 * (entity.PartitionKey.Length + entity.RowKey.Length);
        foreach (var (name, value) in entity)
        {
            size += 8 + 2 * name.Length + value switch { string s => 4 + 2L * s.Length, byte[] b => 4 + b.Length, Guid => 16, bool => 1, int => 4, _ => 8 };
        }

        return size;
    }
}
