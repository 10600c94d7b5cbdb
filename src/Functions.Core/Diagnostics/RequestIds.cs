namespace Functions.Core.Diagnostics;

/// <summary>
/// The facade's id for a call (<c>x-request-id</c>, the audit key): a version-7 GUID, so ids sort by
/// time, in 32 hex digits.
/// </summary>
public static class RequestIds
{
    public static string New() => Guid.CreateVersion7().ToString("N");
}
