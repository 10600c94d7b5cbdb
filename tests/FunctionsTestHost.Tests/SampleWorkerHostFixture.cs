namespace FunctionsTestHost.Tests;

/// <summary>One sample worker behind one <see cref="FunctionsHost"/>, shared by the tests of a class.</summary>
public sealed class SampleWorkerHostFixture : IAsyncLifetime
{
    private FunctionsHost? _host;

    public FunctionsHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() =>
        _host = await FunctionsHost.StartAsync(new FunctionsHostOptions { WorkerPath = SampleWorker.Path });

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>A client of the host's front that gives up on a response after 30 s, so a broken host fails a test.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The host's and worker's log, for an assertion message.</summary>
    public string LogText() => string.Join(Environment.NewLine, Host.Log.Entries);
}
