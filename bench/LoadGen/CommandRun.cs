using System.Diagnostics;

namespace Bench.LoadGen;

/// <summary>Runs a load tool to completion and reads the CPU time of the processes under test around it.</summary>
public static class CommandRun
{
    public static async Task<CommandResult> RunAsync(string target, string tool, IReadOnlyList<string> command, IReadOnlyList<int> pids, IReadOnlyDictionary<string, int> parts)
    {
        var info = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in command.Skip(1)) info.ArgumentList.Add(arg);
        var cpu = CpuMeter.Start(pids, parts);
        var start = Stopwatch.GetTimestamp();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var (cpuSeconds, byProcess) = (cpu.TotalSeconds(), cpu.PartSeconds());
        return new CommandResult(target, tool, command.ToList(), Math.Round(wall, 3), cpuSeconds, process.ExitCode, await stdout + await stderr, byProcess);
    }
}
