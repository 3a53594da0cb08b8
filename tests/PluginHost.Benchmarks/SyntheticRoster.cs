using System.Globalization;
using System.Text;

namespace PluginHost.Benchmarks;

/// <summary>What a generated roster holds on purpose, so tests can check every case is accounted for.</summary>
public sealed record SyntheticRosterFacts(
    int Schools,
    int RosterRows,
    int EnrollmentStudents,
    IReadOnlyList<string> CentralUnits,
    IReadOnlyList<string> SchoolsWithoutTeachers,
    IReadOnlyList<string> SchoolsWithoutPositions,
    IReadOnlyList<string> DuplicateEnrollmentIds,
    /// <summary>Rows that repeat the position number of a mapped row at the same school.</summary>
    int RepeatedPositionRows,
    int CommaDecimalRows,
    IReadOnlyList<string> UnmappedTitles);

/// <summary>
/// A synthetic urban district shaped like a real public position roster (no real data): about 600 schools and
/// 40,000 positions, with the mess real files have — repeated position numbers, central offices with positions but
/// no students, charters paid outside the payroll (no teachers), comma decimals, titles no mapping knows, a school
/// listed twice in the enrollment file and schools with enrollment but no positions. Deterministic for a seed.
/// Run <c>samples/roster/make-synthetic-district DIR</c> to write one.
/// </summary>
public static class SyntheticRoster
{
    private static readonly (string Title, string Code, int Min, int Max, decimal Salary)[] SchoolStaff =
    [
        ("Principal", "1100", 1, 1, 138_000m),
        ("Assistant Principal", "1110", 0, 2, 112_000m),
        ("School Clerk", "2200", 1, 3, 48_000m),
        ("Business Manager", "2210", 0, 1, 67_000m),
        ("Regular Teacher", "9101", 18, 60, 78_000m),
        ("Teacher Leader", "9120", 0, 3, 88_000m),
        ("Co-Teacher", "9130", 0, 4, 74_000m),
        ("Special Education Classroom Assistant", "4400", 1, 8, 36_000m),
        ("Tutor", "4410", 0, 3, 31_000m),
        ("Instructional Coach", "4420", 0, 2, 84_000m),
        ("Resident Teacher", "4430", 0, 2, 42_000m),
        ("After School Coordinator", "5500", 0, 1, 39_000m),
        ("School Counselor", "3300", 0, 3, 76_000m),
        ("School Nurse", "3310", 0, 1, 72_000m),
        ("School Social Worker", "3320", 0, 2, 70_000m),
        ("School Psychologist", "3330", 0, 1, 82_000m),
        ("Speech Language Pathologist", "3340", 0, 1, 80_000m),
        ("Custodian", "6200", 1, 5, 44_000m),
        ("Security Officer", "5100", 0, 4, 41_000m),
        ("Food Service Worker", "6110", 1, 4, 33_000m),
        ("Lunchroom Manager", "6100", 0, 1, 46_000m),
        ("Parent Liaison", "7700", 0, 1, 34_000m),
    ];

    private static readonly (string Title, string Code, decimal Salary)[] CentralStaff =
    [
        ("Budget Analyst", "8100", 82_000m), ("Chief of Staff", "8000", 165_000m), ("IT Specialist", "8200", 76_000m),
        ("Payroll Clerk", "8300", 52_000m), ("Network Coordinator", "8210", 88_000m), ("Bus Aide", "8400", 29_000m),
    ];

    public static readonly IReadOnlyList<string> UnmappedTitles = ["Lunchroom Manager", "Parent Liaison"];

    public static SyntheticRosterFacts Write(string folder, int schools = 600, int seed = 2018)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var roster = new StringBuilder("Position Number,Dept ID,Department,FTE,Annual Salary,Annual Benefit Cost,Job Code,Job Title,Vacant\n");
        var enrollment = new StringBuilder("School ID,Students,Special Education Students\n");
        var rows = 0;
        var students = 0;
        var repeated = 0;
        var commas = 0;
        var noTeachers = new List<string>();
        var noPositions = new List<string>();
        var central = new List<string>();
        var duplicates = new List<string>();
        var position = 100_000;

        for (var s = 0; s < schools; s++)
        {
            var id = (400_000 + s * 7).ToString(CultureInfo.InvariantCulture);
            var name = $"{Names[s % Names.Length]} {Kinds[s / Names.Length % Kinds.Length]} (synthetic)";
            var size = random.Next(120, 1_400);
            students += size;
            enrollment.Append(CultureInfo.InvariantCulture, $"{id},{size},{size * random.Next(8, 16) / 100}\n");
            if (s % 97 == 13)
            {
                // The same school listed twice, as merged enrollment extracts do.
                duplicates.Add(id);
                enrollment.Append(CultureInfo.InvariantCulture, $"{id},{size / 10},0\n");
                students += size / 10;
            }

            if (s % 113 == 7)
            {
                noPositions.Add(id);
                continue;
            }

            var charter = s % 61 == 5;
            if (charter)
            {
                noTeachers.Add(id);
            }

            var scale = size / 650.0;
            foreach (var (title, code, min, max, salary) in SchoolStaff)
            {
                if (charter && code.StartsWith('9'))
                {
                    continue;
                }

                var count = code == "9101" ? Math.Max(min, (int)Math.Round(size / (random.Next(16, 26) * 1.0))) : random.Next(min, (int)Math.Ceiling(max * Math.Min(1.5, scale)) + 1);
                for (var i = 0; i < count; i++)
                {
                    var number = (position++).ToString(CultureInfo.InvariantCulture);
                    var fte = random.Next(10) == 0 ? "0.5" : "1.0";
                    if (random.Next(1_000) < 1)
                    {
                        fte = "\"1,0\"";
                        commas++;
                    }

                    var pay = Math.Round(salary * (decimal)(0.8 + random.NextDouble() * 0.4), 0);
                    var vacant = random.Next(100) < 3 ? "Y" : "N";
                    var line = string.Create(CultureInfo.InvariantCulture, $"{number},{id},{name},{fte},\"{pay:#,0}\",\"{Math.Round(pay * 0.31m, 0):#,0}\",{code},{title},{vacant}\n");
                    roster.Append(line);
                    rows++;
                    if (random.Next(100) < 2 && !line.Contains("\"1,0\"", StringComparison.Ordinal))
                    {
                        // Two people sharing one position number, or a row repeated by the export.
                        roster.Append(line);
                        rows++;
                        repeated += UnmappedTitles.Contains(title) ? 0 : 1;
                    }
                }
            }
        }

        for (var c = 0; c < schools / 10; c++)
        {
            var id = (900_000 + c).ToString(CultureInfo.InvariantCulture);
            central.Add(id);
            var count = random.Next(8, 30);
            for (var i = 0; i < count; i++)
            {
                var (title, code, salary) = CentralStaff[random.Next(CentralStaff.Length)];
                roster.Append(CultureInfo.InvariantCulture, $"{position++},{id},Central Office Department {c + 1},1.0,\"{salary:#,0}\",\"{salary * 0.31m:#,0}\",{code},{title},N\n");
                rows++;
            }
        }

        File.WriteAllText(Path.Combine(folder, "roster.csv"), roster.ToString());
        File.WriteAllText(Path.Combine(folder, "enrollment.csv"), enrollment.ToString());
        File.WriteAllText(Path.Combine(folder, "mapping.json"), Mapping);
        return new SyntheticRosterFacts(schools, rows, students, central, noTeachers, noPositions, duplicates, repeated, commas, UnmappedTitles);
    }

    private static readonly string[] Names =
    [
        "Addams", "Burnham", "Carver", "Douglass", "Edison", "Franklin", "Goudy", "Hale", "Irving", "Jenner", "Kelvyn", "Lincoln",
        "Mays", "Nash", "Owen", "Pulaski", "Quincy", "Ruiz", "Stowe", "Tilden", "Urban", "Vick", "Wells", "Yates",
    ];

    private static readonly string[] Kinds = ["Elementary", "Middle", "High", "Academy", "STEM Academy", "Fine Arts", "Community School", "Prep"];

    private const string Mapping = """
        {
          "fiscalYear": 2018,
          "columns": {
            "roster": {
              "positionNumber": "Position Number", "schoolId": "Dept ID", "schoolName": "Department", "fte": "FTE",
              "salary": "Annual Salary", "benefits": "Annual Benefit Cost", "jobCode": "Job Code", "jobTitle": "Job Title", "vacant": "Vacant"
            },
            "enrollment": { "schoolId": "School ID", "students": "Students", "specialEducation": "Special Education Students" }
          },
          "positions": [
            { "jobTitle": "^principal$", "category": "administrative", "role": "principal" },
            { "jobTitle": "^assistant principal", "category": "administrative", "role": "assistant-principal" },
            { "jobTitle": "clerk|secretary", "category": "administrative", "role": "clerk" },
            { "jobTitle": "business manager", "category": "administrative", "role": "business-manager" },
            { "jobTitle": "teacher leader|lead teacher", "category": "teaching", "role": "teacher-leader" },
            { "jobTitle": "co-?teacher", "category": "teaching", "role": "co-teacher" },
            { "jobCode": "^9(1|2)[0-9]{2}$", "category": "teaching", "role": "teacher" },
            { "jobTitle": "special education (classroom )?assistant|paraprofessional", "category": "instructional-support", "role": "paraprofessional", "restricted": true },
            { "jobTitle": "resident teacher", "category": "instructional-support", "role": "resident-teacher" },
            { "jobTitle": "instructional coach", "category": "instructional-support", "role": "instructional-coach" },
            { "jobTitle": "tutor", "category": "instructional-support", "role": "tutor" },
            { "jobTitle": "after.?school", "category": "after-school-elective", "role": "after-school-coordinator" },
            { "jobTitle": "counselor", "category": "student-services", "role": "counselor" },
            { "jobTitle": "nurse", "category": "student-services", "role": "nurse" },
            { "jobTitle": "social worker", "category": "student-services", "role": "social-worker" },
            { "jobTitle": "psychologist", "category": "student-services", "role": "psychologist" },
            { "jobTitle": "speech", "category": "student-services", "role": "speech" },
            { "jobTitle": "custodian|engineer", "category": "operations", "role": "custodian" },
            { "jobTitle": "security", "category": "operations", "role": "security" },
            { "jobTitle": "food service", "category": "operations", "role": "food-service" }
          ]
        }
        """;
}
