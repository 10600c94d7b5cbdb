namespace Functions.Tests.TestInfrastructure;

/// <summary>One <see cref="WorkerRig"/> (with an Azurite of its own) shared by the tests of a class.</summary>
public sealed class WorkerRigFixture : IAsyncLifetime
{
    private AzuriteInstance? _azurite;
    private WorkerRig? _rig;

    public WorkerRig Rig => _rig ?? throw new InvalidOperationException("The worker has not started.");

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteInstance.StartNewAsync();
        _rig = await WorkerRig.StartAsync(_azurite);
    }

    public async Task DisposeAsync()
    {
        if (_rig is not null) await _rig.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
    }
}
