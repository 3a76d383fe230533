namespace Platform.Partners.Sdk.Tests;

public sealed class WebhookVerifierTests
{
    // The Standard Webhooks specification's published test vector.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Body = """{"test": 2432232314}""";
    private const string Signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly TimeProvider AtSigning = new FixedClock(DateTimeOffset.FromUnixTimeSeconds(Timestamp).AddSeconds(30));

    [Fact]
    public void Signing_reproduces_the_specifications_test_vector()
    {
        Assert.Equal(Signature, WebhookSignature.Sign(Secret, MessageId, Timestamp, Body));
    }

    [Fact]
    public void The_test_vector_verifies()
    {
        Assert.True(new WebhookVerifier([Secret], AtSigning).Verify(MessageId, Timestamp.ToString(), Signature, Body).IsValid);
    }

    [Fact]
    public void Any_one_of_several_signatures_matching_any_one_of_several_secrets_verifies()
    {
        var other = WebhookSignature.NewSecret();
        var header = $"v1,bm90IGEgc2lnbmF0dXJl {Signature}";

        Assert.True(new WebhookVerifier([other, Secret], AtSigning).Verify(MessageId, Timestamp.ToString(), header, Body).IsValid);
        Assert.False(new WebhookVerifier([other], AtSigning).Verify(MessageId, Timestamp.ToString(), header, Body).IsValid);
    }

    [Theory]
    [InlineData(MessageId, "1614265330", Body + " ", "No signature matches")]
    [InlineData("msg_other", "1614265330", Body, "No signature matches")]
    [InlineData(MessageId, "1614265331", Body, "No signature matches")]
    [InlineData(MessageId, "yesterday", Body, "Unix time")]
    [InlineData(MessageId, "", Body, "required")]
    public void A_changed_id_timestamp_or_body_does_not_verify(string id, string timestamp, string body, string failure)
    {
        var verification = new WebhookVerifier([Secret], AtSigning).Verify(id, timestamp, Signature, body);

        Assert.False(verification.IsValid);
        Assert.Contains(failure, verification.Failure);
    }

    [Fact]
    public void A_genuine_request_replayed_after_the_tolerance_is_refused()
    {
        var muchLater = new FixedClock(DateTimeOffset.FromUnixTimeSeconds(Timestamp).AddMinutes(6));

        var verification = new WebhookVerifier([Secret], muchLater).Verify(MessageId, Timestamp.ToString(), Signature, Body);

        Assert.False(verification.IsValid);
        Assert.Contains("tolerance", verification.Failure);
    }

    [Fact]
    public void A_secret_that_is_not_base64_is_refused_up_front()
    {
        Assert.Throws<ArgumentException>(() => new WebhookVerifier("whsec_not base64!"));
        Assert.Throws<ArgumentException>(() => new WebhookVerifier(Array.Empty<string>()));
    }

    [Fact]
    public void New_secrets_are_32_random_bytes_with_the_whsec_prefix()
    {
        var secret = WebhookSignature.NewSecret();

        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.NotEqual(secret, WebhookSignature.NewSecret());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
