using Functions.Core.Providers.OpenAICompatible;

namespace Functions.Core.Providers.MindIE;

/// <summary>
/// Translates MindIE's non-stream <c>chat.completion</c> (docs/protocols/mindie.md) into one final update: the
/// OpenAI-shaped fields as every OpenAI-shaped provider's (<c>message.tool_calls</c> is always present and
/// <c>[]</c> means none), plus the timings (<see cref="MindIEBenchmark"/>) as audit facts and as the
/// <c>mindie</c> object of the facade's response.
/// </summary>
public static class FromMindIEResponse
{
    public static ChatUpdate Translate(ReadOnlyMemory<byte> body)
    {
        using var document = UpstreamJson.ParseAnswer(body, MindIEParameters.Display, "the response", MindIEErrors.FromStreamError);
        return MindIEBenchmark.AddTo(FromOpenAICompatibleResponse.Read(document.RootElement, MindIEParameters.Display), document.RootElement);
    }
}
