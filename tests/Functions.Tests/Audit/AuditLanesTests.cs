using Azure.Data.Tables;
using Functions.Core.Audit;
using Functions.Core.Audit.GroupCommit;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Functions.Tests.Audit;

/// <summary>How an instance spreads its records over the day's lanes as its write rate grows and falls (a fake clock, no storage).</summary>
public sealed class AuditLanesTests
{
    // On a second's boundary, so each second of records falls in one turn.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 5, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly AuditLanes _lanes;

    public AuditLanesTests()
    {
        var committer = new TableGroupCommitter(new TableGroupCommitOptions(), _time, NullLogger<TableGroupCommitter>.Instance);
        // No request is made: the lanes only ask the committer how loaded each partition is.
        var table = new TableClient(AzuriteInstance.ConnectionStringFor(AzuriteInstance.FreePort()), "AuditLanes");
        _lanes = new AuditLanes(committer, table, _time, home: 14);
    }

    [Fact]
    public void BelowTheLaneTarget_EachSecondsRecordsGoToOneLane_TheLanesTakingTurns()
    {
        var chosen = Drive(operationsPerSecond: 1_000, seconds: 20);

        Assert.Equal(1, _lanes.Active);
        var bySecond = chosen.Chunk(1_000).Select(second => second.Distinct().ToList()).ToList();
        Assert.All(bySecond, lanes => Assert.Single(lanes));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (bySecond[0][0] + i) % AuditKeys.LaneCount), bySecond.Select(lanes => lanes[0]));
    }

    [Fact]
    public void AboveIt_TheNextLanesOpen_OnePerLaneTarget_WrappingAroundTheDay()
    {
        Drive(operationsPerSecond: 4_000, seconds: 2);

        Assert.Equal(3, _lanes.Active);
        Assert.Equal(_lanes.First, _lanes.Choose("20250501", 1));
    }

    [Fact]
    public void OpenLanes_CloseOneAtATime_OnlyAfterTenQuietSeconds()
    {
        Drive(operationsPerSecond: 4_000, seconds: 2);

        Drive(operationsPerSecond: 100, seconds: 5);
        var afterFive = _lanes.Active;
        Drive(operationsPerSecond: 100, seconds: 30);

        Assert.Equal(3, afterFive);
        Assert.Equal(1, _lanes.Active);
    }

    /// <summary>Records of one operation each at a steady rate, the clock advancing between them; the lanes chosen.</summary>
    private List<int> Drive(int operationsPerSecond, int seconds)
    {
        var chosen = new List<int>();
        var step = TimeSpan.FromSeconds(1.0 / operationsPerSecond);
        for (var i = 0; i < operationsPerSecond * seconds; i++)
        {
            chosen.Add(_lanes.Choose("20250501", 1));
            _time.Advance(step);
        }

        return chosen;
    }
}
