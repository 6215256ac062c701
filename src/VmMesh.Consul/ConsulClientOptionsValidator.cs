using System.Globalization;

namespace VmMesh.Consul;

/// <summary>
/// Checks <see cref="ConsulClientOptions"/> before a client is built and reports every problem at once, each naming
/// the setting, the bad value and the fix.
/// </summary>
internal static class ConsulClientOptionsValidator
{
    public static void Validate(ConsulClientOptions options)
    {
        var errors = new List<string>();
        if (!options.Address.IsAbsoluteUri || (options.Address.Scheme != Uri.UriSchemeHttp && options.Address.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"ConsulClientOptions.Address '{options.Address}' is not an absolute http(s) URI; use e.g. http://127.0.0.1:8500.");
        }

        Positive(errors, nameof(options.RequestTimeout), options.RequestTimeout);
        Positive(errors, nameof(options.DefaultWait), options.DefaultWait);
        Positive(errors, "Watch.Wait", options.Watch.Wait);
        NotNegative(errors, nameof(options.BlockingTimeoutMargin), options.BlockingTimeoutMargin);
        NotNegative(errors, nameof(options.RetryBaseDelay), options.RetryBaseDelay);
        NotNegative(errors, nameof(options.RetryMaxDelay), options.RetryMaxDelay);
        NotNegative(errors, "Watch.MinimumInterval", options.Watch.MinimumInterval);
        NotNegative(errors, "Watch.ErrorBackoffBase", options.Watch.ErrorBackoffBase);
        NotNegative(errors, "Watch.ErrorBackoffMax", options.Watch.ErrorBackoffMax);
        if (options.MaxRetryAttempts < 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"ConsulClientOptions.MaxRetryAttempts {options.MaxRetryAttempts} is negative; use 0 to disable retries."));
        }

        if (options.Watch.Burst < 1)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"ConsulClientOptions.Watch.Burst {options.Watch.Burst} is below 1; use at least 1 (default 2)."));
        }

        if (options.Watch.IntervalJitterFraction is < 0 or > 1)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"ConsulClientOptions.Watch.IntervalJitterFraction {options.Watch.IntervalJitterFraction} is outside 0..1; use e.g. 0.25."));
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }
    }

    private static void Positive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"ConsulClientOptions.{name} {value} is not positive; use a duration above zero."));
        }
    }

    private static void NotNegative(List<string> errors, string name, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"ConsulClientOptions.{name} {value} is negative; use zero or more."));
        }
    }
}
