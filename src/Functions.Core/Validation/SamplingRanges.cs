namespace Functions.Core.Validation;

/// <summary>
/// The ranges of the sampling parameters OpenAI and every provider share (<c>temperature</c>, <c>top_p</c>,
/// <c>presence_penalty</c>, <c>frequency_penalty</c>), as one API's document writes them; a value outside is a 400
/// naming the parameter, the API and its range.
/// </summary>
public sealed record SamplingRanges(string Api, ParameterRange Temperature, ParameterRange TopP, ParameterRange Penalty)
{
    public void Check(ChatCompletionRequest request)
    {
        Temperature.Check("temperature", request.Temperature, Api);
        TopP.Check("top_p", request.TopP, Api);
        Penalty.Check("presence_penalty", request.PresencePenalty, Api);
        Penalty.Check("frequency_penalty", request.FrequencyPenalty, Api);
    }
}
