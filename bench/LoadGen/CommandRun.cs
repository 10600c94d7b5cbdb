using System.Diagnostics;

namespace Bench.LoadGen;

/// <summary>Runs a load tool to completion and reads the CPU time of the processes under test around it.</summary>
public static class CommandRun
{
    public static async Task<CommandResult> RunAsync(string target, string tool, IReadOnlyList<string> command, IReadOnlyList<int> pids)
    {
        var info = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in command.Skip(1)) info.ArgumentList.Add(arg);
        var cpu0 = ProcessTree.CpuSeconds(pids);
        var start = Stopwatch.GetTimestamp();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpu = ProcessTree.CpuSeconds(pids) - cpu0;
        return new CommandResult(target, tool, command.ToList(), Math.Round(wall, 3), Math.Round(cpu, 3), process.ExitCode, await stdout + await stderr);
    }
}
