using Functions;

// One executable, two hosts: the Functions isolated worker when the Functions host started this process, plain
// Kestrel otherwise (run.sh, tests, containers, `dotnet run` without Core Tools).
try
{
    using IHost host = WorkerHost.StartedByFunctionsHost(args) ? WorkerHost.Create(args) : KestrelHost.Create(args);
    await FacadeHosting.CheckReadyToServeAsync(host.Services);
    await host.RunAsync();
}
catch (Exception ex) when (FacadeHosting.ConfigurationProblems(ex) is { Count: > 0 } problems)
{
    foreach (var problem in problems) Console.Error.WriteLine($"Configuration error: {problem}");
    return 78; // EX_CONFIG
}
catch (Exception ex) when (FacadeHosting.ListenProblem(ex) is { } problem)
{
    Console.Error.WriteLine($"Start-up error: {problem}");
    return 69; // EX_UNAVAILABLE
}
return 0;
