using Functions.Core.Audit.Retention;
using P = Functions.Core.Audit.AuditPropertyNames;

namespace Functions.Core.Audit.Seals;

public sealed partial class AuditVerifier
{
    private PartCheck CheckPart(TableEntity row)
    {
        var seal = AuditValues.String(row, P.Seal);
        var keyId = AuditValues.String(row, P.SealKey);
        if (seal is null)
        {
            return new PartCheck("", AuditVerifyFindingKind.Forged, "it has no seal");
        }

        if (keys.Find(keyId) is not { } key)
        {
            return new PartCheck(seal, AuditVerifyFindingKind.Forged, $"it is sealed with key {keyId}, which none of the given keys is");
        }

        return AuditSeal.VerifiesPart(key, row, seal)
            ? new PartCheck(seal, AuditVerifyFindingKind.Changed, null)
            : new PartCheck(seal, AuditVerifyFindingKind.Changed, $"its content no longer matches its seal (key {key.Id})");
    }

    private void CheckRecord(VerifyRun run, TableEntity row, Dictionary<string, PartCheck> parts, LaneResult result)
    {
        result.Records++;
        var parsed = AuditKeys.ParseRowKey(row.RowKey);
        var requestId = AuditValues.String(row, P.RequestId) ?? parsed?.RequestId;
        var at = AuditValues.Time(row, P.Time) ?? parsed?.Time;
        var partSeals = AuditSeal.Parts(row, rowKey => parts.TryGetValue(rowKey, out var part) ? part.Seal : null);
        string? partProblem = null;
        var partKind = AuditVerifyFindingKind.Changed;
        foreach (var (rowKey, _) in partSeals)
        {
            var name = rowKey[(row.RowKey.Length + 2)..];
            if (!parts.TryGetValue(rowKey, out var part))
            {
                partProblem ??= $"its continuation row {name} is missing";
                continue;
            }

            part.Referenced = true;
            if (partProblem is null && part.Problem is not null)
            {
                (partProblem, partKind) = ($"its continuation row {name}: {part.Problem}", part.Kind);
            }
        }

        var link = AuditSealLink.Read(row);
        AuditVerifyFinding? finding = null;
        var (sealKeyId, verifies) = AuditValues.String(row, P.CompletionSeal) is { } completionSeal
            ? (AuditValues.String(row, P.CompletionSealKey), (Func<AuditSealKey, bool>)(key => AuditSeal.VerifiesCompletion(key, row, completionSeal, partSeals)))
            : (link?.KeyId, key => AuditSeal.VerifiesLink(key, row, link!, partSeals));
        if (link is null && !row.ContainsKey(P.CompletionSeal))
        {
            var before = (AuditValues.Int32(row, P.SchemaVersion) ?? 0) < 3 ? " (schema version 2: written before records were sealed)" : "";
            finding = new(AuditVerifyFindingKind.Forged, requestId, at, $"it has no seal{before}");
        }
        else if (keys.Find(sealKeyId) is not { } key)
        {
            finding = new(AuditVerifyFindingKind.Forged, requestId, at, $"it is sealed with key {sealKeyId}, which none of the given keys is");
        }
        else if (partProblem is not null || !verifies(key))
        {
            finding = new(partKind, requestId, at, partProblem ?? $"its content no longer matches its seal (key {key.Id})");
        }

        if (link is not null)
        {
            // A row whose seal fails is settled with the chain: in its own place it was changed, in a genuine row's place it is forged.
            result.Links.Add(new AuditVerifyLink(link, row.PartitionKey, row.RowKey, requestId, at, finding is null, finding));
        }
        else if (finding is not null)
        {
            result.Findings.Add(finding);
        }

        if (!IsCompleted(row))
        {
            if (at is { } begun && begun < run.Now - OpenGrace)
            {
                result.Findings.Add(new(AuditVerifyFindingKind.Incomplete, requestId, at, "it was begun and never completed (the process may have stopped before its completion was written)"));
            }
            else
            {
                result.Open++;
            }
        }
    }

    private void CheckSummary(TableEntity row, LaneResult result)
    {
        result.Summaries++;
        var at = AuditKeys.ParseRowKey(row.RowKey)?.Time;
        var link = AuditSealLink.Read(row);
        if (link is null)
        {
            result.Findings.Add(new(AuditVerifyFindingKind.Forged, null, at, "a rejection summary without a seal"));
            return;
        }

        AuditVerifyFinding? finding = null;
        if (keys.Find(link.KeyId) is not { } key)
        {
            finding = new(AuditVerifyFindingKind.Forged, null, at, $"a rejection summary sealed with key {link.KeyId}, which none of the given keys is");
        }
        else if (!AuditSeal.VerifiesLink(key, row, link, []))
        {
            finding = new(AuditVerifyFindingKind.Changed, null, at, $"a rejection summary whose content no longer matches its seal (key {key.Id})");
        }
        else if (AuditValues.String(row, P.LostSeals) is { } lost)
        {
            foreach (var seq in lost.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (long.TryParse(seq, out var number))
                {
                    result.Lost.Add((link.Chain, number));
                }
            }
        }

        result.Links.Add(new AuditVerifyLink(link, row.PartitionKey, row.RowKey, null, at, finding is null, finding));
    }

    /// <summary>A continuation row's seal as found, whether it verified, and whether a record points at it.</summary>
    private sealed class PartCheck(string seal, AuditVerifyFindingKind kind, string? problem)
    {
        public string Seal { get; } = seal;

        public AuditVerifyFindingKind Kind { get; } = kind;

        public string? Problem { get; } = problem;

        public bool Referenced { get; set; }
    }

    /// <summary>What one lane's rows showed.</summary>
    private sealed class LaneResult
    {
        public long Records { get; set; }

        public long ContinuationRows { get; set; }

        public long Summaries { get; set; }

        public long Open { get; set; }

        public List<AuditVerifyFinding> Findings { get; } = [];

        public List<AuditVerifyLink> Links { get; } = [];

        public HashSet<(string Chain, long Seq)> Lost { get; } = [];
    }

    /// <summary>The state of one verify: the range, what was counted and found, the chains, lost and purged links.</summary>
    private sealed class VerifyRun(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        public DateTimeOffset From { get; } = from;

        public DateTimeOffset To { get; } = to;

        public DateTimeOffset Now { get; } = now;

        public long Records { get; private set; }

        public long ContinuationRows { get; private set; }

        public long Summaries { get; private set; }

        public long Open { get; private set; }

        public long OutsideRange { get; set; }

        public long DeclaredLostUsed { get; set; }

        public long PurgedLinks { get; set; }

        public List<AuditVerifyFinding> Findings { get; } = [];

        public AuditChainLinks Links { get; } = new();

        public HashSet<(string Chain, long Seq)> Lost { get; } = [];

        public List<AuditPurgeEntry> Purges { get; } = [];

        public void Add(LaneResult lane)
        {
            Records += lane.Records;
            ContinuationRows += lane.ContinuationRows;
            Summaries += lane.Summaries;
            Open += lane.Open;
            Findings.AddRange(lane.Findings);
            Lost.UnionWith(lane.Lost);
            foreach (var link in lane.Links)
            {
                Links.Add(link);
            }
        }

        /// <summary>Whether a day (<c>yyyyMMdd</c>) lies before a verified purge entry's cut.</summary>
        public bool IsPurged(string day) =>
            DateOnly.TryParseExact(day, "yyyyMMdd", out var date) && Purges.Any(p => date < p.Before);
    }
}
