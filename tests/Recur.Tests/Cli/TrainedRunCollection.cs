namespace Recur.Tests.Cli;

/// <summary>The test classes that share one <see cref="TrainedRun"/>.</summary>
[CollectionDefinition(Name)]
public sealed class TrainedRunCollection : ICollectionFixture<TrainedRun>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "recur trained run";
}
