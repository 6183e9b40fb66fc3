namespace Recur.Tests.Cli;

/// <summary>The test classes that share one <see cref="TagTrainedRun"/>.</summary>
[CollectionDefinition(Name)]
public sealed class TagRunCollection : ICollectionFixture<TagTrainedRun>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "recur tag trained run";
}
