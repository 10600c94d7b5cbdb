namespace Functions.Core.Audit.Seals;

public sealed partial class AuditVerifier
{
    /// <summary>
    /// Accounts for every missing link. Walking back from the link after a hole, each link names its predecessor's
    /// row: one in the range that was not found was deleted; one outside the range is read to make sure it is there
    /// (then its own predecessor is next); one in a purged day, or declared lost by its writer, is accounted for.
    /// Missing links whose row no surviving link names are reported together. Before a chain's first link in the
    /// range only the link right before it is checked.
    /// </summary>
    private async Task WalkHolesAsync(VerifyRun run, CancellationToken cancellationToken)
    {
        foreach (var (before, after) in run.Links.Holes().ToList())
        {
            var chain = after.Link.Chain;
            var stop = before?.Link.Seq ?? after.Link.Seq - 2;
            var seq = after.Link.Seq - 1;
            var (row, seal) = after.Valid ? (after.Link.PrevRow, after.Link.Prev) : (null, null);
            var pointedBy = after;
            long? unknownHigh = null;
            var walked = 0;
            void Unknown(long through)
            {
                if (unknownHigh is { } high)
                {
                    run.Findings.Add(new(AuditVerifyFindingKind.Gap, null, pointedBy.Time,
                        $"deleted: links #{through}{(through == high ? "" : $"-#{high}")} of chain {chain} ({high - through + 1} rows) are missing before {Describe(pointedBy.RequestId)}"
                        + (before is null ? "" : $" and after {Describe(before.RequestId)}")));
                    unknownHigh = null;
                }
            }

            while (seq > stop)
            {
                if (run.Lost.Contains((chain, seq)))
                {
                    Unknown(seq + 1);
                    run.DeclaredLostUsed++;
                    (row, seal) = (null, null);
                    seq--;
                    continue;
                }

                if (AuditSealLink.ParseRow(row) is not { } location)
                {
                    unknownHigh ??= seq;
                    seq--;
                    continue;
                }

                Unknown(seq + 1);
                var (partitionKey, rowKey) = location;
                if (run.IsPurged(partitionKey.Length >= 8 ? partitionKey[..8] : partitionKey))
                {
                    run.PurgedLinks += seq - stop;
                    break;
                }

                var named = AuditKeys.ParseRowKey(rowKey);
                var inRange = named is { } n && n.Time >= run.From && n.Time <= run.To;
                var found = inRange || walked++ >= MaxWalk ? null : await AuditTableQuery.GetAsync(tables.Records, partitionKey, rowKey, cancellationToken).ConfigureAwait(false);
                if (!inRange && walked > MaxWalk)
                {
                    run.Findings.Add(new(AuditVerifyFindingKind.Gap, null, pointedBy.Time,
                        $"links #{stop + 1}-#{seq} of chain {chain} lie outside the range and were not all read: verify a wider range"));
                    break;
                }

                var link = found is null ? null : AuditSealLink.Read(found);
                if (link is null)
                {
                    run.Findings.Add(new(AuditVerifyFindingKind.Gap, named?.RequestId, named?.Time,
                        $"deleted: {(named?.RequestId is null ? "a rejection summary" : "this record")}, link #{seq} of chain {chain}, is missing; {Describe(pointedBy.RequestId)} names it"));
                    (row, seal) = (null, null);
                }
                else if (link.Seq != seq || link.Chain != chain || !string.Equals(link.Seal, seal, StringComparison.Ordinal))
                {
                    run.Findings.Add(new(AuditVerifyFindingKind.Changed, named?.RequestId, named?.Time,
                        $"the row {Describe(pointedBy.RequestId)} names as link #{seq} of chain {chain} holds another link (#{link.Seq} of {link.Chain})"));
                    (row, seal) = (null, null);
                }
                else
                {
                    run.OutsideRange++;
                    pointedBy = new AuditVerifyLink(link, partitionKey, rowKey, named?.RequestId, named?.Time, Valid: true);
                    (row, seal) = (link.PrevRow, link.Prev);
                }

                seq--;
            }

            Unknown(seq + 1);
        }
    }
}
