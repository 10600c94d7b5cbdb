using System.ComponentModel;
using System.Diagnostics;

namespace Functions.Tests.Infra;

/// <summary>The outcome of one external command: exit code and everything it printed.</summary>
internal sealed record ToolResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;

    /// <summary>A message for assertion failures: the command, its exit code and its output.</summary>
    public string Describe() => $"`{Command}` exited with {ExitCode}.\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>
/// Runs the external tools the infrastructure checks need (node, npm, bash, dotnet) with a time limit.
/// A missing tool is a clear failure, never a silent skip.
/// </summary>
internal static class ToolProcess
{
    public static async Task<ToolResult> RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var command = string.Join(' ', [fileName, .. arguments]);
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // `dotnet test` leaves MSBuild's own variables in the test host's environment; a nested
        // `dotnet publish` must resolve its SDK afresh, not from them.
        foreach (var name in startInfo.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start `{fileName}` ({e.Message}). The infrastructure checks need it on PATH.", e);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{command}` did not finish within {timeout}.\n{await stdout}\n{await stderr}");
        }

        return new ToolResult(command, process.ExitCode, await stdout, await stderr);
    }
}
