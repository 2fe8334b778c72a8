using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace StreamAE.Host.Configuration;

/// <summary>
/// The one way every settings section is registered: bound from its section, its fields checked by their data
/// annotations (ranges and required values, each message naming the setting), its cross-field and file checks by its
/// own <see cref="IValidateOptions{TOptions}"/> when it has rules beyond single fields, all at start — so a bad value
/// stops the host before it runs, with every problem named at once (exit code 3).
/// </summary>
public static class ValidatedOptions
{
    public static IServiceCollection AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string section, IValidateOptions<TOptions>? rules = null)
        where TOptions : class
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
        if (rules is not null)
        {
            services.AddSingleton(rules);
        }

        return services;
    }
}
