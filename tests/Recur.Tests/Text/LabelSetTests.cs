using Recur.Text;

namespace Recur.Tests.Text;

public sealed class LabelSetTests
{
    [Fact]
    public void FromLabels_SortsDistinctLabels_AndJsonRoundTrips()
    {
        var set = LabelSet.FromLabels(["pos", "neg", "pos", "B-PER"]);
        Assert.Equal(["B-PER", "neg", "pos"], set.Labels);
        Assert.Equal(1, set.Id("neg"));
        Assert.Equal(-1, set.Id("other"));
        Assert.Equal("pos", set.Label(2));
        Assert.Equal(set.Labels, LabelSet.FromJson(set.ToJson(), "x").Labels);
    }

    [Fact]
    public void Constructor_EmptyOrRepeated_Throws()
    {
        Assert.Throws<ArgumentException>(() => new LabelSet([]));
        Assert.Throws<ArgumentException>(() => new LabelSet(["a", "a"]));
        Assert.Throws<ArgumentException>(() => new LabelSet(["a", ""]));
        var e = Assert.Throws<InvalidDataException>(() => LabelSet.FromJson("[\"a\",\"a\"]", "ckpt"));
        Assert.StartsWith("ckpt: ", e.Message);
    }
}
