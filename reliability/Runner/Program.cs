using System.Diagnostics;
using Reliability.Runner;

// Runs the reliability and security checks against the facade (see reliability/README.md) and rewrites RESULTS.md.
var options = RunOptions.Parse(args);
Console.WriteLine("Reliability run, " + options.Describe());
var clock = Stopwatch.StartNew();
var started = DateTimeOffset.UtcNow;
var work = Path.Combine(options.Output, ".artifacts");
if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
Directory.CreateDirectory(work);
var findings = Path.Combine(options.Output, "findings");
if (Directory.Exists(findings)) foreach (var file in Directory.GetFiles(findings)) File.Delete(file);
Directory.CreateDirectory(findings);

var canaries = new Canaries();
var report = new ResultsReport(options, started);
await using (var stack = new Stack(options, canaries, work))
{
    using var archive = new ResponseArchive(Path.Combine(work, "responses.txt"));
    await stack.StartAsync();
    using var control = new EmulatorControl(stack);
    if (options.Phases.Contains("fuzz"))
    {
        Console.WriteLine($"Fuzzer: {options.FuzzCases:N0} hostile requests...");
        var fuzz = new FuzzPhase(options, stack, canaries, archive, findings);
        await fuzz.RunAsync();
        report.Fuzz = fuzz;
    }
    if (options.Phases.Contains("untrusted"))
    {
        Console.WriteLine("Untrusted input: terminal and spreadsheet injection, forged invocation id, invalid UTF-8 upstream, chunk overflow, case-variant names...");
        var untrusted = new UntrustedPhase(options, stack, canaries, archive);
        await untrusted.RunAsync();
        report.Untrusted = untrusted;
    }
    if (options.Phases.Contains("faults"))
    {
        Console.WriteLine("Fault matrix...");
        var faults = new FaultMatrix(options, stack, canaries, archive);
        await faults.RunAsync();
        report.Faults = faults;
    }
    if (options.Phases.Contains("storm"))
    {
        Console.WriteLine($"Disconnect storm: {options.StormCalls} calls...");
        var storm = new DisconnectStorm(options, stack, canaries, archive);
        await storm.RunAsync();
        report.Storm = storm;
    }
    if (options.Phases.Contains("soak"))
    {
        Console.WriteLine($"Soak: {options.SoakSeconds} s...");
        var soak = new SoakPhase(options, stack, canaries, archive);
        await soak.RunAsync();
        report.Soak = soak;
    }
    archive.Dispose();
    Console.WriteLine("Canary search...");
    var search = new CanarySearch(stack, canaries, Path.Combine(work, "responses.txt"));
    await search.RunAsync(control);
    report.Canaries = search;
}
report.Elapsed = clock.Elapsed;
var results = Path.Combine(options.Output, "RESULTS.md");
await File.WriteAllTextAsync(results, report.Render(options.Repo));
Console.WriteLine($"Wrote {results}: {(report.Pass ? "all checks pass" : "some checks FAIL")} ({clock.Elapsed.TotalMinutes:F1} min)");
return report.Pass ? 0 : 1;
