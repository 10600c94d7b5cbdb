namespace Functions.Core.Audit.Seals;

/// <summary>
/// What a call's completion needs from its sealed begin: the key it was sealed with (the completion uses the same,
/// so that anything written again seals the same), its link, the record row as begun (sealed), and the seals of the
/// continuation rows written with it.
/// </summary>
internal sealed record AuditSealState(AuditSealKey Key, AuditSealLink Link, TableEntity Record, IReadOnlyDictionary<string, string> Parts);
