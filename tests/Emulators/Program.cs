using Emulators;
using Emulators.Baidu;
using Emulators.Lanrui;
using Emulators.MindIE;

// Runs the provider emulators on their own ports so the facade can be tried offline.
//   dotnet run --project tests/Emulators -- [--lanrui-url http://127.0.0.1:7101] [--baidu-url http://127.0.0.1:7102] [--mindie-url http://127.0.0.1:7103]
var config = new ConfigurationBuilder().AddCommandLine(args).AddEnvironmentVariables("EMULATORS_").Build();
var servers = new List<EmulatorServer>
{
    await EmulatorServer.StartAsync(new LanruiEmulator(), config["lanrui-url"] ?? "http://127.0.0.1:7101"),
    await EmulatorServer.StartAsync(new BaiduEmulator(), config["baidu-url"] ?? "http://127.0.0.1:7102"),
    await EmulatorServer.StartAsync(new MindIEEmulator(), config["mindie-url"] ?? "http://127.0.0.1:7103"),
};
foreach (var server in servers) Console.WriteLine($"Emulator listening on {server.Address}");
var done = new TaskCompletionSource();
using var onInterrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; done.TrySetResult(); });
using var onTerminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; done.TrySetResult(); });
await done.Task;
foreach (var server in servers) await server.DisposeAsync();
