using Emulators;
using Emulators.Baidu;
using Emulators.Lanrui;

// Runs the provider emulators on their own ports so the facade can be tried offline.
//   dotnet run --project tests/Emulators -- [--lanrui-url http://127.0.0.1:7101] [--baidu-url http://127.0.0.1:7102]
var config = new ConfigurationBuilder().AddCommandLine(args).AddEnvironmentVariables("EMULATORS_").Build();
var servers = new List<EmulatorServer>
{
    await EmulatorServer.StartAsync(new LanruiEmulator(), config["lanrui-url"] ?? "http://127.0.0.1:7101"),
    await EmulatorServer.StartAsync(new BaiduEmulator(), config["baidu-url"] ?? "http://127.0.0.1:7102"),
};
foreach (var server in servers) Console.WriteLine($"Emulator listening on {server.Address}");
var done = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; done.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => done.TrySetResult();
foreach (var server in servers) server.Stopping.Register(() => done.TrySetResult());
await done.Task;
foreach (var server in servers) await server.DisposeAsync();
