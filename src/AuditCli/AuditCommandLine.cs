using System.CommandLine;
using Functions.Core.Audit.GroupCommit;
using Functions.Core.Diagnostics;

namespace AuditCli;

/// <summary>
/// The <c>audit</c> review tool: <c>query</c>, <c>show</c>, <c>export</c>, <c>verify</c>, <c>report</c> and
/// <c>purge</c> over the facade's audit table, connected with the same settings as the facade.
/// </summary>
public static class AuditCommandLine
{
    /// <summary>The command tree; tests invoke it in-process with their own output writers (and clock).</summary>
    public static RootCommand Create(TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var connection = new AuditConnectionOptions();
        var root = new RootCommand("Review the LLM facade's audit trail (Azure Table Storage).");
        connection.AddTo(root);
        root.Subcommands.Add(QueryCommand.Create(connection));
        root.Subcommands.Add(ShowCommand.Create(connection));
        root.Subcommands.Add(ExportCommand.Create(connection));
        root.Subcommands.Add(VerifyCommand.Create(connection, time));
        root.Subcommands.Add(ReportCommand.Create(connection, time));
        root.Subcommands.Add(PurgeCommand.Create(connection, time));
        return root;
    }

    /// <summary>Exit code of a usage, setting or storage error: the command could not run (1 is <c>verify</c>'s "found something").</summary>
    public const int CouldNotRun = 2;

    /// <summary>
    /// Parses and runs a command line; a usage error (an unknown option, a date not in ISO 8601…) is reported as
    /// System.CommandLine reports it and exits with <see cref="CouldNotRun"/>.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null, TimeProvider? time = null)
    {
        var parseResult = Create(time).Parse(args);
        var exit = await parseResult.InvokeAsync(configuration);
        return parseResult.Errors.Count > 0 ? CouldNotRun : exit;
    }

    /// <summary>Runs a command's action, turning setting and storage errors into one line on stderr and exit code 2.</summary>
    internal static async Task<int> GuardAsync(ParseResult parseResult, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or IOException or UnauthorizedAccessException || TableFailure.IsStorage(e))
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync($"audit: {SafeText.Block(e.Message)}");
            return CouldNotRun;
        }
    }
}
