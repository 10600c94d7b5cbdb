using System.Runtime.InteropServices;
using FunctionsTestHost;

// dotnet FunctionsTestHost.dll --worker <path to app.dll> [--port 7071] [--setting KEY=VALUE ...]
// Puts a built isolated worker behind this stand-in host, like `func start` would, until Ctrl+C or SIGTERM.
string? worker = null;
var port = 7071;
var settings = new Dictionary<string, string>();
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--worker" when value is not null:
            worker = value;
            i++;
            break;
        case "--port" when int.TryParse(value, out var parsed):
            port = parsed;
            i++;
            break;
        case "--setting" when value?.IndexOf('=') > 0:
            settings[value[..value.IndexOf('=')]] = value[(value.IndexOf('=') + 1)..];
            i++;
            break;
        default:
            Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'.");
            Console.Error.WriteLine("Usage: FunctionsTestHost --worker <app.dll> [--port 7071] [--setting KEY=VALUE ...]");
            return 2;
    }
}

if (worker is null)
{
    Console.Error.WriteLine("Usage: FunctionsTestHost --worker <app.dll> [--port 7071] [--setting KEY=VALUE ...]");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
// A script's `kill` (SIGTERM) stops it too, as it stops func: a background job of a shell ignores Ctrl+C's SIGINT.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

await using var host = await FunctionsHost.StartAsync(new FunctionsHostOptions
{
    WorkerPath = worker,
    Port = port,
    Settings = settings,
    OnLog = entry => Console.WriteLine(entry),
});

Console.WriteLine();
Console.WriteLine("Functions:");
foreach (var function in host.Functions)
{
    var methods = function.Methods.Count == 0 ? "*" : string.Join(",", function.Methods);
    Console.WriteLine($"    {function.Name}: [{methods}] {new Uri(host.BaseAddress, function.Route)}");
}

Console.WriteLine();
await Task.WhenAny(host.WorkerExited, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default));
return host.WorkerExited.IsCompleted ? 1 : 0;
