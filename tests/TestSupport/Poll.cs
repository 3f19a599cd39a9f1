namespace SweepCluster.TestSupport;

/// <summary>
/// Waiting in a test for what another process, actor or server does: ask again every
/// <c>every</c> until the answer is the expected one, and fail with the caller's message once the
/// deadline passes or what was waited on has ended (<c>abandon</c>, such as a child process exiting).
/// </summary>
public static class Poll
{
    private static readonly TimeSpan DefaultEvery = TimeSpan.FromMilliseconds(100);

    /// <summary>The first answer of <paramref name="probe"/> that <paramref name="reached"/> accepts.</summary>
    /// <exception cref="TimeoutException">No such answer within <paramref name="within"/>, or <paramref name="abandon"/> held first.</exception>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> reached, TimeSpan within, string failure,
        TimeSpan? every = null, Func<bool>? abandon = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var answer = await probe();
            if (reached(answer))
                return answer;
            if (abandon?.Invoke() == true)
                throw new TimeoutException($"{failure} (what the test waited on ended first)");
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"{failure} (waited {within.TotalSeconds:0.#} s)");
            await Task.Delay(every ?? DefaultEvery);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    /// <exception cref="TimeoutException">It did not within <paramref name="within"/>, or <paramref name="abandon"/> held first.</exception>
    public static Task Until(Func<Task<bool>> condition, TimeSpan within, string failure, TimeSpan? every = null, Func<bool>? abandon = null) =>
        Until(condition, held => held, within, failure, every, abandon);

    /// <inheritdoc cref="Until(Func{Task{bool}}, TimeSpan, string, TimeSpan?, Func{bool}?)"/>
    public static Task Until(Func<bool> condition, TimeSpan within, string failure, TimeSpan? every = null, Func<bool>? abandon = null) =>
        Until(() => Task.FromResult(condition()), held => held, within, failure, every, abandon);

    /// <summary>
    /// Asks until <paramref name="reached"/> accepts the answer or <paramref name="within"/> has passed, and returns
    /// the last answer either way: for a test that asserts on it and wants the assertion's own message on failure.
    /// </summary>
    public static async Task<T> Settled<T>(Func<T> probe, Func<T, bool> reached, TimeSpan within, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var answer = probe();
            if (reached(answer) || DateTime.UtcNow >= deadline)
                return answer;
            await Task.Delay(every ?? DefaultEvery);
        }
    }
}
