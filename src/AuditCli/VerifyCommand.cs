using System.CommandLine;
using Functions.Core.Audit.Seals;

namespace AuditCli;

/// <summary>
/// <c>audit verify --from --to</c>: checks every row's seal and every chain of the range; prints each finding (changed,
/// forged, gap, incomplete) by request id and a summary line. Exit code 0 only when the range is intact, 1 when
/// anything was found, 2 when it could not check (settings, keys, storage).
/// </summary>
public static class VerifyCommand
{
    public static Command Create(AuditConnectionOptions connection, TimeProvider time)
    {
        var range = new AuditRangeOptions();
        var command = new Command("verify", "Check the seals and chains of a range: changed, deleted, forged and never-completed records.");
        range.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AuditCommandLine.GuardAsync(parseResult, async () =>
        {
            var (from, to) = range.Range(parseResult, time.GetUtcNow());
            var keys = await connection.LoadKeysAsync(parseResult, cancellationToken);
            if (keys.Count == 0)
            {
                throw new InvalidOperationException("No seal key: set the secret audit-seal-key (Secrets:Values:audit-seal-key, or Key Vault with Secrets:VaultUri).");
            }

            var error = parseResult.InvocationConfiguration.Error;
            var verification = await new AuditVerifier(connection.CreateTables(parseResult), keys, time)
                .VerifyAsync(from, to, new LineProgress(error), cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            foreach (var finding in verification.Findings)
            {
                output.WriteLine(VerificationText.Line(finding));
            }

            foreach (var purge in verification.Purges)
            {
                output.WriteLine(VerificationText.Purge(purge));
            }

            output.WriteLine(VerificationText.Summary(verification));
            return verification.Intact ? 0 : 1;
        }));
        return command;
    }
}
