using System.Diagnostics;

namespace Reliability.Runner;

/// <summary>
/// Runs the audit command-line tool (<c>src/AuditCli</c>, Release) as a reviewer would, against Azurite and one
/// audit table, and keeps the exact bytes it wrote to standard output: what would reach the reviewer's terminal
/// or spreadsheet.
/// </summary>
public sealed class AuditTool(RunOptions options, Stack stack, string table)
{
    public sealed record Run(string Command, int Exit, byte[] Output, string Error);

    public async Task<Run> RunAsync(params string[] args)
    {
        var bin = Path.Combine(options.Repo, "src/AuditCli/bin/Release/net10.0");
        var info = new ProcessStartInfo(Path.Combine(bin, "audit"))
        {
            // Not the repository: no appsettings.json of a developer's is read.
            WorkingDirectory = stack.Work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var arg in new[] { "--connection-string", stack.StorageConnection, "--table-name", table }) info.ArgumentList.Add(arg);
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        await copy;
        return new Run(string.Join(' ', args.Take(2)), process.ExitCode, output.ToArray(), await error);
    }
}
