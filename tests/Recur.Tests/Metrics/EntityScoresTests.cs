using Recur.Metrics;

namespace Recur.Tests.Metrics;

public sealed class EntityScoresTests
{
    private static void Add(EntityScores scores, string gold, string predicted) => scores.Add(gold.Split(' '), predicted.Split(' '));

    [Fact]
    public void Add_HandComputedCase_GivesConllevalCounts()
    {
        var scores = new EntityScores();
        // Sentence 1: gold PER[0,2) LOC[3,4); predicted PER[0,2) (exact) and LOC[3,5) (too long): 1 of 2 correct.
        Add(scores, "B-PER I-PER O B-LOC O", "B-PER I-PER O B-LOC I-LOC");
        // Sentence 2: gold ORG[0,1) ORG[1,3); predicted ORG[0,3) merged: 0 correct, 1 found.
        Add(scores, "B-ORG B-ORG I-ORG", "B-ORG I-ORG I-ORG");
        // Sentence 3: gold PER[1,2) via an I- without B-, predicted B-PER at the same token: correct (same span and type).
        Add(scores, "O I-PER O", "O B-PER O");
        // Sentence 4: right span, wrong type: wrong.
        Add(scores, "B-LOC I-LOC", "B-ORG I-ORG");

        // Gold: PER 2, LOC 2, ORG 2 = 6.  Found: PER 2, LOC 1, ORG 2 = 5.  Correct: PER 2.
        Assert.Equal(new PrecisionRecall(2, 5, 6), scores.Overall);
        Assert.Equal(new PrecisionRecall(2, 2, 2), scores.ByType["PER"]);
        Assert.Equal(new PrecisionRecall(0, 1, 2), scores.ByType["LOC"]);
        Assert.Equal(new PrecisionRecall(0, 2, 2), scores.ByType["ORG"]);
        Assert.Equal(["LOC", "ORG", "PER"], scores.ByType.Keys);
        // P = 2/5, R = 2/6, F1 = 2PR/(P+R) = 4/11.
        Assert.Equal(0.4, scores.Overall.Precision, 12);
        Assert.Equal(1.0 / 3, scores.Overall.Recall, 12);
        Assert.Equal(4.0 / 11, scores.Overall.F1, 12);
        Assert.Equal(4, scores.Sentences);
    }

    [Fact]
    public void Add_BioesAgainstIob2_ComparesSpansNotTags()
    {
        var scores = new EntityScores();
        Add(scores, "S-PER B-LOC E-LOC", "B-PER B-LOC I-LOC");
        Assert.Equal(new PrecisionRecall(2, 2, 2), scores.Overall);
        Assert.Equal(1.0, scores.Overall.F1);
    }

    [Fact]
    public void Scores_NothingFoundOrNothingGold_AreZeroNotNaN()
    {
        var scores = new EntityScores();
        Add(scores, "B-PER O", "O O");
        Assert.Equal(0, scores.Overall.Precision);
        Assert.Equal(0, scores.Overall.Recall);
        Assert.Equal(0, scores.Overall.F1);
    }

    [Fact]
    public void Add_LengthsDiffer_Throws()
    {
        Assert.Throws<ArgumentException>(() => new EntityScores().Add(["O", "O"], ["O"]));
    }
}
