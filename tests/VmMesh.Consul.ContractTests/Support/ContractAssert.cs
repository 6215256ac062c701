using System.Net;

namespace VmMesh.Consul.ContractTests.Support;

/// <summary>
/// Error-body matching as contract §1.7 prescribes: the dev server must produce the exact text, while a real Consul
/// may wrap it (e.g. "rpc error making call: " prefixes), so there the text only has to be contained.
/// </summary>
public static class ContractAssert
{
    /// <summary>Status plus plain-text error body: exact on the dev server, substring on real Consul.</summary>
    public static void Error(ConsulHttp http, ConsulReply reply, HttpStatusCode status, string expectedBody)
    {
        Assert.True(reply.Status == status, $"Expected {(int)status} '{expectedBody}' but got {reply}");
        Text(http, expectedBody, reply.Body);
        AssertPlainText(reply);
    }

    /// <summary>Status plus an error body that starts with <paramref name="prefix"/> and contains every fragment.</summary>
    public static void ErrorStartingWith(ConsulHttp http, ConsulReply reply, HttpStatusCode status, string prefix, params string[] fragments)
    {
        Assert.True(reply.Status == status, $"Expected {(int)status} '{prefix}…' but got {reply}");
        if (http.IsDevServer)
        {
            Assert.StartsWith(prefix, reply.Body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(prefix, reply.Body, StringComparison.Ordinal);
        }

        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, reply.Body, StringComparison.Ordinal);
        }

        AssertPlainText(reply);
    }

    /// <summary>A literal message from the contract, exact on the dev server, contained on real Consul.</summary>
    public static void Text(ConsulHttp http, string expected, string actual)
    {
        if (http.IsDevServer)
        {
            Assert.Equal(expected, actual);
        }
        else
        {
            Assert.Contains(expected.TrimEnd('\n'), actual, StringComparison.Ordinal);
        }
    }

    /// <summary>Write endpoints that "return nothing" answer 200 with no body (§1.3).</summary>
    public static void EmptyOk(ConsulReply reply)
    {
        Assert.True(reply.Status == HttpStatusCode.OK, $"Expected 200 with an empty body but got {reply}");
        Assert.Equal(string.Empty, reply.Body);
    }

    /// <summary>X-Consul-Index, X-Consul-Knownleader and X-Consul-Lastcontact on a blockable read (§1.5); returns the index.</summary>
    public static ulong BlockingHeaders(ConsulHttp http, ConsulReply reply)
    {
        var index = reply.Index;
        Assert.True(index >= 1, "X-Consul-Index must never be 0");
        Assert.Equal("true", reply.Header("X-Consul-Knownleader"));
        var lastContact = reply.Header("X-Consul-Lastcontact");
        Assert.True(lastContact is not null, $"X-Consul-Lastcontact missing on {reply}");
        Assert.True(ulong.TryParse(lastContact, out _), $"X-Consul-Lastcontact '{lastContact}' is not a number");
        if (http.IsDevServer)
        {
            Assert.Equal("0", lastContact);
        }

        return index;
    }

    private static void AssertPlainText(ConsulReply reply)
    {
        if (reply.BodyBytes.Length > 0)
        {
            Assert.Equal("text/plain", reply.MediaType);
        }
    }
}
