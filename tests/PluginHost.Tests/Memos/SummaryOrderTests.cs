using System.Text.Json;
using CsCheck;
using PluginHost.Memos;
using PluginHost.Policy;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Memos;

/// <summary>
/// A district run's schools finish in whatever order its threads are scheduled; its summary must not show it. Found on
/// 6,400 generated schools: two runs of the same folder named a different 25th school under one blocker.
/// </summary>
public sealed class SummaryOrderTests
{
    private static readonly string[] Policies = [.. PolicyAreas.All];

    [Fact]
    public void The_summary_and_its_csv_are_the_same_whatever_order_the_schools_finish_in()
    {
        Gen.Select(Gen.Int[30, 260], Gen.Int).Sample((count, seed) =>
        {
            var random = new Random(seed);
            var schools = Enumerable.Range(0, count).Select(i => Digest(i, random)).ToList();
            var finishing = Enumerable.Range(0, count).OrderBy(_ => random.Next()).ToList();

            var (inOrder, inOrderCsv) = Summarise(schools, Enumerable.Range(0, count));
            var (shuffled, shuffledCsv) = Summarise(schools, finishing);
            Assert.Equal(inOrder, shuffled);
            Assert.Equal(inOrderCsv, shuffledCsv);
        }, iter: 40);
    }

    private static (string Summary, string Csv) Summarise(List<SchoolDigest?> schools, IEnumerable<int> finishing)
    {
        using var temp = new TempDir();
        string csvPath;
        DistrictSummary summary;
        using (var builder = new DistrictSummaryBuilder(temp.Path, 30))
        {
            foreach (var index in finishing)
            {
                builder.Add(index, schools[index]);
            }

            (summary, csvPath) = builder.Build(schools.Count, null, [], [], ["hash"]);
        }

        return (JsonSerializer.Serialize(summary), File.ReadAllText(csvPath));
    }

    /// <summary>A school as a run digests it: blockers from every policy area, long decimals that round when summed, now and then no result.</summary>
    private static SchoolDigest? Digest(int i, Random random)
    {
        if (random.Next(15) == 0)
        {
            return null;
        }

        var blocked = Policies.Where(_ => random.Next(3) == 0).ToList();
        decimal Long() => random.Next(1, 900_000) / 7m;
        var scenarios = new[] { 10, 20, 30 }.Select(cut => new ScenarioDigest(cut, random.Next(3) == 0, random.Next(2) == 0 ? ["ratio"] : [], Long(), Long(), Long(), Long(),
            random.Next(4) == 0 ? null : Long(), random.Next(4) == 0 ? 0m : Long(), random.Next(3), Long(), Long())).ToList();
        return new SchoolDigest($"school-{i:D4}", $"School {i}", random.Next(3) == 0 ? [] : [random.Next(2) == 0 ? "pbl-labs" : "flex-model"], blocked,
            blocked.ToDictionary(p => p, p => (IReadOnlyList<string>)[$"{p}-fix-{random.Next(3)}"], StringComparer.Ordinal), scenarios, false, random.Next(100, 1500), random.Next(12) == 0)
        {
            FirstDeficitYear = random.Next(3) == 0 ? 2027 + random.Next(4) : null,
            LiftedBy = blocked.ToDictionary(p => p, p => (IReadOnlyList<string>)[random.Next(2) == 0 ? "cfo" : "principal"], StringComparer.Ordinal),
            LiftedWhen = blocked.ToDictionary(p => p, _ => "before-budget-adoption", StringComparer.Ordinal),
            Recommendations = [$"Recommendation {random.Next(6)}"],
            ArchetypeNames = new Dictionary<string, string> { ["pbl-labs"] = "PBL labs", ["flex-model"] = "Flex model" },
        };
    }
}
