using Emulators;
using Emulators.Baidu;
using Emulators.Control;
using Emulators.Lanrui;
using Emulators.MindIE;

// Runs the provider emulators on their own ports so the facade can be tried offline.
//   dotnet run --project tests/Emulators -- [--lanrui-url http://127.0.0.1:7101] [--baidu-url http://127.0.0.1:7102] [--mindie-url http://127.0.0.1:7103]
// Options for harnesses (all optional; without them the emulators behave as above):
//   --lanrui-key K --baidu-api-key K --baidu-secret-key K --mindie-key K   the provider credentials the emulators accept
//   --control true                                                      a control surface under /_emulator/ on each emulator
//   --keyvault-url https://127.0.0.1:P --identity-url http://127.0.0.1:Q --keyvault-proxy-url http://127.0.0.1:R
//   --keyvault-ca-out FILE --keyvault-secrets:NAME VALUE                  a Key Vault stand-in (https://vault.localhost:P through
//                                                                       the proxy R), a managed identity endpoint (Q)
var config = new ConfigurationBuilder().AddCommandLine(args).AddEnvironmentVariables("EMULATORS_").Build();
var controlled = string.Equals(config["control"], "true", StringComparison.OrdinalIgnoreCase);
EmulatorBase Wrap(EmulatorBase emulator) => controlled ? new ControlledEmulator(emulator) : emulator;
var servers = new List<EmulatorServer>
{
    await EmulatorServer.StartAsync(Wrap(new LanruiEmulator { ApiKey = config["lanrui-key"] ?? LanruiEmulator.DefaultApiKey }), config["lanrui-url"] ?? "http://127.0.0.1:7101"),
    await EmulatorServer.StartAsync(Wrap(new BaiduEmulator { ApiKey = config["baidu-api-key"] ?? BaiduEmulator.DefaultApiKey, SecretKey = config["baidu-secret-key"] ?? BaiduEmulator.DefaultSecretKey }), config["baidu-url"] ?? "http://127.0.0.1:7102"),
    await EmulatorServer.StartAsync(Wrap(new MindIEEmulator { ApiKey = config["mindie-key"] }), config["mindie-url"] ?? "http://127.0.0.1:7103"),
};
foreach (var server in servers) Console.WriteLine($"Emulator listening on {server.Address}");
await using var vault = config["keyvault-url"] is { } vaultUrl ? await Emulators.KeyVault.KeyVaultServer.StartAsync(vaultUrl, config) : null;
if (vault is not null) Console.WriteLine($"Key Vault stand-in listening on {vault.Address} (proxy {vault.ProxyAddress}), managed identity on {vault.IdentityAddress}");
var done = new TaskCompletionSource();
using var onInterrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; done.TrySetResult(); });
using var onTerminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; done.TrySetResult(); });
await done.Task;
// All at once: each waits at most EmulatorServer.ShutdownTimeout for open streams before cutting them.
await Task.WhenAll(servers.Select(server => server.DisposeAsync().AsTask()));
