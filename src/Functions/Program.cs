using Functions;

// One executable, two hosts: the Functions isolated worker when the Functions host started this process, plain
// Kestrel otherwise (run.sh, tests, containers, `dotnet run` without Core Tools).
try
{
    if (WorkerHost.StartedByFunctionsHost(args)) await WorkerHost.Create(args).RunAsync();
    else await KestrelHost.Create(args).RunAsync();
}
catch (Exception ex) when (FacadeHosting.ConfigurationProblems(ex) is { Count: > 0 } problems)
{
    foreach (var problem in problems) Console.Error.WriteLine($"Configuration error: {problem}");
    return 78; // EX_CONFIG
}
return 0;
