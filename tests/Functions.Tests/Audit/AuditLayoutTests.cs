using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Functions.Core.Audit;
using Functions.Core.Chat;
using Functions.Core.Audit.GroupCommit;
using Functions.Core.Callers;

namespace Functions.Tests.Audit;

/// <summary>The record layout without a service: chunking, keys, budgets, plans and reassembly.</summary>
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
    public void Keys_EncodeForbiddenCharacters_PutTheRecordInItsLane_AndSortNewestFirst()
    {
        var early = AuditKeys.ForRecord("a/b#c?d\\e", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), lane: 7);
        var late = AuditKeys.ForRecord("a/b#c?d\\e", new DateTimeOffset(2025, 1, 1, 0, 0, 1, TimeSpan.Zero), lane: 7);

        Assert.Equal("a_2Fb_23c_3Fd_5Ce", early.RequestKey);
        Assert.Equal("20250101-07", early.PartitionKey);
        Assert.True(string.CompareOrdinal(late.RowKey, early.RowKey) < 0);
        Assert.True(string.CompareOrdinal(early.ContinuationRowKey("PromptReceived", 0), "~") > 0);
        Assert.StartsWith("c.alice.", early.CallerRowKey("alice"), StringComparison.Ordinal);
        Assert.DoesNotContain(early.RowKey, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
        Assert.Throws<ArgumentOutOfRangeException>(() => AuditKeys.ForRecord("r", DateTimeOffset.UtcNow, AuditKeys.LaneCount));
    }

    [Fact]
    public void ATimeOrderedRequestId_PlacesItsRecordByItsOwnTime_AndOthersNeedTheIndex()
    {
        var callTime = new DateTimeOffset(2025, 3, 4, 23, 59, 59, 990, TimeSpan.Zero);
        var id = Guid.CreateVersion7(callTime.AddMilliseconds(-5));

        var self = AuditKeys.ForRecord(id.ToString("N"), callTime, lane: 2);
        var dashed = AuditKeys.ForRecord(id.ToString("D"), callTime, lane: 2);
        var random = AuditKeys.ForRecord(Guid.NewGuid().ToString("N"), callTime, lane: 2);
        var farOff = AuditKeys.ForRecord(Guid.CreateVersion7(callTime.AddHours(-2)).ToString("N"), callTime, lane: 2);

        Assert.Equal(callTime.AddMilliseconds(-5), AuditKeys.TimeOf(id.ToString("N")));
        Assert.Null(AuditKeys.TimeOf("req-1"));
        Assert.Equal((false, AuditKeys.InvertedTicks(callTime.AddMilliseconds(-5))), (self.NeedsRequestIndex, self.InvertedTicks));
        Assert.Equal((AuditKeys.Day(callTime), self.RowKey), AuditKeys.SelfLocation(id.ToString("N")));
        Assert.False(dashed.NeedsRequestIndex);
        Assert.Equal((true, AuditKeys.InvertedTicks(callTime)), (random.NeedsRequestIndex, random.InvertedTicks));
        Assert.True(farOff.NeedsRequestIndex);
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
    public void StartPlan_IsOneRecordRow_AndPutsLongPromptsInContinuationRows_UnderBothSizeLimits()
    {
        var prompt = string.Concat(Enumerable.Repeat("\u0001中😀<", 300_000));
        var plan = AuditRecordWriter.ForStart(Start("r", prompt, "{}"), AuditKeys.ForRecord("r", DateTimeOffset.UtcNow, 3));
        var record = Assert.Single(plan.RecordWrite).Entity;
        var rows = plan.ContinuationRows.ToList();
        var reassembled = AuditRecord.FromRows((TableEntity)record, rows);

        Assert.NotEmpty(rows);
        Assert.All(rows.Append(record), row =>
        {
            var json = JsonOf(row);
            Assert.True(json < 1024 * 1024, $"JSON of {json} bytes");
            Assert.True(json <= TablePayloadSize.OfEntity(row), "the payload estimate is below the JSON written");
            Assert.True(StoredSizeOf((TableEntity)row) < 1024 * 1024, "stored size over 1 MiB");
            Assert.Equal(record.PartitionKey, row.PartitionKey);
        });
        Assert.Equal(prompt, reassembled.PromptReceived);
        Assert.Equal("{}", reassembled.PromptSent);
        Assert.False(reassembled.PromptSentIsReceived);
        Assert.Equal(AuditKeys.RequestPartition("r"), plan.RequestIndexRow!.PartitionKey);
        Assert.Null(AuditRecordWriter.ForStart(Start("x", "{}", "{}") with { RequestId = Guid.CreateVersion7().ToString("N") },
            AuditKeys.ForRecord(Guid.CreateVersion7().ToString("N"), DateTimeOffset.UtcNow, 0)).RequestIndexRow);
    }

    [Fact]
    public void APromptSentAsReceived_IsStoredOnce_AndTheRecordSaysSo()
    {
        var prompt = new string('p', 100_000);

        var plan = AuditRecordWriter.ForStart(Start("same", prompt, prompt), AuditKeys.ForRecord("same", DateTimeOffset.UtcNow, 0));
        var record = (TableEntity)Assert.Single(plan.RecordWrite).Entity;
        var reassembled = AuditRecord.FromRows(record, plan.ContinuationRows);

        Assert.True(record.GetBoolean(AuditPropertyNames.PromptSentIsReceived));
        Assert.DoesNotContain(record.Keys, k => k.StartsWith(AuditPropertyNames.PromptSent, StringComparison.Ordinal) && k != AuditPropertyNames.PromptSentIsReceived);
        Assert.True(JsonOf(record) < 2 * prompt.Length, "the prompt is stored twice");
        Assert.Equal((prompt, prompt, true), (reassembled.PromptReceived, reassembled.PromptSent, reassembled.PromptSentIsReceived));
    }

    [Fact]
    public void CompletionPlan_IsOneWrite_WithTheCallerRow_AndTheFlaggedRowOnlyWhenFlagged()
    {
        var keys = AuditKeys.ForRecord("r", DateTimeOffset.UtcNow, 5);
        var start = Start("r", "{}", "{}");
        var completion = new AuditCompletion { RequestId = "r", Time = DateTimeOffset.UtcNow, Outcome = CallOutcome.Completed, Status = 200, DurationMs = 1, Flag = 0, NeedClearHistory = true };

        var flagged = AuditRecordWriter.ForCompletion(completion, keys, start, startWritten: true, requestIndex: false);
        var clean = AuditRecordWriter.ForCompletion(completion with { NeedClearHistory = false }, keys, start, startWritten: true, requestIndex: false);

        Assert.All(flagged.RecordWrite, a => Assert.Equal(keys.PartitionKey, a.Entity.PartitionKey));
        Assert.Equal([keys.RowKey, keys.CallerRowKey("c"), keys.FlaggedRowKey], flagged.RecordWrite.Select(a => a.Entity.RowKey));
        Assert.Equal([keys.RowKey, keys.CallerRowKey("c")], clean.RecordWrite.Select(a => a.Entity.RowKey));
        Assert.Null(clean.RequestIndexRow);
        var callerRow = (TableEntity)flagged.RecordWrite[1].Entity;
        Assert.Equal(("c", "m", "completed", 200), (callerRow.GetString("Caller"), callerRow.GetString("Model"), callerRow.GetString("Outcome"), callerRow.GetInt32("Status")));
        Assert.DoesNotContain(flagged.RecordWrite, a => ((IDictionary<string, object>)a.Entity).Values.Any(v => v is null));
    }

    [Fact]
    public void PayloadEstimate_IsAnUpperBoundOfTheJsonWritten_ForAnyText()
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 300)).Select(_ => (char)random.Next(0, 0x3000)).ToArray());

            Assert.True(JsonSerializer.SerializeToUtf8Bytes(text).Length <= TablePayloadSize.OfString(text), $"estimate below the JSON of text {i}");
        }
    }

    private static AuditStart Start(string requestId, string received, string sent) => new()
    {
        RequestId = requestId, Time = DateTimeOffset.UtcNow, Caller = new Caller("c", "api-key"), Route = AuditRoute.Native,
        Provider = "mindie", Model = "m", PromptReceived = received, PromptSent = sent,
    };

    /// <summary>The entity's JSON as Azure.Data.Tables writes it (Utf8JsonWriter's default encoder), without its type annotations.</summary>
    private static long JsonOf(ITableEntity entity) => JsonSerializer.SerializeToUtf8Bytes((IDictionary<string, object>)entity).Length;

    private static long StoredSizeOf(TableEntity entity)
    {
        // The service's formula: 4 + keys in UTF-16 + per property 8 + name in UTF-16 + value (strings 4 + UTF-16).
        var size = 4L + 2 * (entity.PartitionKey.Length + entity.RowKey.Length);
        foreach (var (name, value) in entity)
        {
            if (name is "PartitionKey" or "RowKey")
            {
                continue;
            }

            size += 8 + 2 * name.Length + value switch { string s => 4 + 2L * s.Length, byte[] b => 4 + b.Length, Guid => 16, bool => 1, int => 4, _ => 8 };
        }

        return size;
    }
}
