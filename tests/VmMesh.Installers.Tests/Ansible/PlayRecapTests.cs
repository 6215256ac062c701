namespace VmMesh.Installers.Tests.Ansible;

public sealed class PlayRecapTests
{
    [Fact]
    public void Parse_OutputWithTwoRecaps_ReadsHostLinesOfTheLastOne()
    {
        const string output =
            "PLAY RECAP *****\nold : ok=1    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0\n\n" +
            "TASK [x] *****\nok: [a]\n\nPLAY RECAP *********************************************************************\n" +
            "target                     : ok=38   changed=10   unreachable=0    failed=0    skipped=8    rescued=0    ignored=0   \n" +
            "web-1.example.internal     : ok=3    changed=0    unreachable=1    failed=2    skipped=0    rescued=4    ignored=5\n";

        var recaps = PlayRecap.Parse(output);

        Assert.Equal(
            [new PlayRecap("target", 38, 10, 0, 0, 8, 0, 0) { Line = "target : ok=38 changed=10 unreachable=0 failed=0 skipped=8 rescued=0 ignored=0" },
             new PlayRecap("web-1.example.internal", 3, 0, 1, 2, 0, 4, 5) { Line = "web-1.example.internal : ok=3 changed=0 unreachable=1 failed=2 skipped=0 rescued=4 ignored=5" }],
            recaps);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ERROR! the playbook: site.yml could not be found\n")]
    [InlineData("PLAY RECAP ****\ntarget : ok=1 changed=x unreachable=0 failed=0 skipped=0 rescued=0 ignored=0\n")]
    public void Parse_NoRecapLine_ReturnsNothing(string output) => Assert.Empty(PlayRecap.Parse(output));
}
