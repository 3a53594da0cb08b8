using System.Text.Json;
using PluginHost.Budget;
using PluginHost.Contracts;
using PluginHost.Evaluation;
using PluginHost.Policy;

namespace PluginHost.Memos;

/// <summary>
/// result.json written property by property, in the order and with the bytes of the reflection-based serialiser
/// (<see cref="Io.Json.Web"/>: camelCase, indented, accents as written), which a test holds it to on every demo and
/// generated school: a property added to a result type and not written here fails it. The same walk makes a school
/// memo's model (<see cref="ScriptModel.Of"/>), so templates see exactly what result.json holds.
/// </summary>
/// <remarks>
/// Written by hand, not by System.Text.Json's source generator, for one cost its code cannot avoid: it sends every
/// <c>decimal?</c> and <c>int?</c> (about a hundred per school: ratios, trace lines, recommendations, findings)
/// through the serialiser's general entry point, which sets up its whole state for one number.
/// </remarks>
internal static class ResultJsonWriter
{
    public static void Write(IndentedJson json, SchoolResult r) => Write(new JsonCalls(json), r);

    /// <summary>The walk over a result, made of the calls <paramref name="w"/> takes: the same properties in the same order, whoever receives them.</summary>
    public static void Write<W>(W w, SchoolResult r)
        where W : IResultWriter
    {
        w.WriteStartObject();
        w.WriteNumber(N.SchemaVersion, r.SchemaVersion);
        w.WritePropertyName(N.School);
        Summary(w, r.School);
        w.WritePropertyName(N.Provenance);
        Provenance(w, r.Provenance);
        w.WritePropertyName(N.Model);
        Model(w, r.Model);
        w.WritePropertyName(N.CutOrder);
        CutOrder(w, r.CutOrder);
        w.WritePropertyName(N.RatiosBefore);
        Ratios(w, r.RatiosBefore);
        w.WritePropertyName(N.BaselinePlan);
        Plan(w, r.BaselinePlan);
        List(w, N.Scenarios, r.Scenarios, Scenario);
        List(w, N.GrantDependencies, r.GrantDependencies, Grant);
        w.WritePropertyName(N.Startup);
        Startup(w, r.Startup);
        List(w, N.Blockers, r.Blockers, Blocker);
        List(w, N.Flags, r.Flags, Flag);
        List(w, N.Recommendations, r.Recommendations, Recommendation);
        List(w, N.Trace, r.Trace, Trace);
        Strings(w, N.Problems, r.Problems);
        w.WritePropertyName(N.Override);
        Override(w, r.Override);
        w.WriteEndObject();
    }

    private static void Summary<W>(W w, SchoolSummary? s)
        where W : IResultWriter
    {
        if (!Start(w, s))
        {
            return;
        }

        w.WriteString(N.Id, s.Id);
        w.WriteString(N.Name, s.Name);
        w.WriteNumber(N.FiscalYear, s.FiscalYear);
        w.WriteNumber(N.Enrollment, s.Enrollment);
        Strings(w, N.Archetypes, s.Archetypes);
        w.WriteBoolean(N.IllustrativeData, s.IllustrativeData);
        w.WriteBoolean(N.BalancedBudgetAssumed, s.BalancedBudgetAssumed);
        Number(w, N.GeneralFunding, s.GeneralFunding);
        Number(w, N.RestrictedFunding, s.RestrictedFunding);
        Strings(w, N.MissingData, s.MissingData);
        w.WriteBoolean(N.InsufficientData, s.InsufficientData);
        w.WriteString(N.JudgedRatio, s.JudgedRatio);
        Number(w, N.Ceiling, s.Ceiling);
        w.WriteEndObject();
    }

    private static void Provenance<W>(W w, Provenance? p)
        where W : IResultWriter
    {
        if (!Start(w, p))
        {
            return;
        }

        w.WriteString(N.Tool, p.Tool);
        w.WriteString(N.ToolVersion, p.ToolVersion);
        w.WriteString(N.RuleSetHash, p.RuleSetHash);
        Strings(w, N.RuleFiles, p.RuleFiles);
        List(w, N.Plugins, p.Plugins, Plugin);

        w.WriteString(N.InputFile, p.InputFile);
        w.WriteString(N.Policy, p.Policy);
        w.WriteString(N.PolicyFile, p.PolicyFile);
        w.WriteString(N.AsOf, p.AsOf);
        w.WriteString(N.Culture, p.Culture);
        w.WriteString(N.Workspace, p.Workspace);
        w.WriteEndObject();
    }

    private static void Model<W>(W w, ModelSection? m)
        where W : IResultWriter
    {
        if (!Start(w, m))
        {
            return;
        }

        List(w, N.Archetypes, m.Archetypes, Archetype);

        List(w, N.DesignElements, m.DesignElements, DesignElement);

        w.WriteEndObject();
    }

    private static void Archetype<W>(W w, ArchetypeSection? a)
        where W : IResultWriter
    {
        if (!Start(w, a))
        {
            return;
        }

        w.WriteString(N.Id, a.Id);
        w.WriteString(N.Name, a.Name);
        w.WriteString(N.Description, a.Description);
        w.WriteString(N.Status, a.Status);
        w.WriteString(N.Problem, a.Problem);
        List(w, N.Metrics, a.Metrics, Metric);

        List(w, N.Findings, a.Findings, Finding);

        w.WriteEndObject();
    }

    /// <remarks>A cut order made from a plan its rule set keeps is the same list for a district's schools: written once per run and copied after.</remarks>
    private static void CutOrder<W>(W w, IReadOnlyList<CutOrderEntry>? order)
        where W : IResultWriter =>
        Again(w, order, order is CutOrderList { Shared: true }, kept: true, static (w, order) =>
        {
            if (!StartArray(w, order))
            {
                return;
            }

            for (var i = 0; i < order.Count; i++)
            {
                CutOrder(w, order[i]);
            }

            w.WriteEndArray();
        });

    private static void CutOrder<W>(W w, CutOrderEntry? c)
        where W : IResultWriter
    {
        if (!Start(w, c))
        {
            return;
        }

        w.WriteNumber(N.Priority, c.Priority);
        w.WriteString(N.Category, c.Category);
        w.WriteString(N.Label, c.Label);
        Number(w, N.FloorShare, c.FloorShare);
        Strings(w, N.KeepRoles, c.KeepRoles);
        Strings(w, N.RoleOrder, c.RoleOrder);
        w.WriteString(N.RuleId, c.RuleId);
        w.WriteString(N.RuleFile, c.RuleFile);
        w.WriteEndObject();
    }

    private static void Ratios<W>(W w, RatioSet? r)
        where W : IResultWriter
    {
        if (!Start(w, r))
        {
            return;
        }

        Number(w, N.StudentsPerTeacher, r.StudentsPerTeacher);
        Number(w, N.StudentsPerInstructionalStaff, r.StudentsPerInstructionalStaff);
        Number(w, N.StudentsPerInstructionalStaffExcludingRestrictedParas, r.StudentsPerInstructionalStaffExcludingRestrictedParas);
        w.WriteEndObject();
    }

    private static void Plan<W>(W w, FiveYearPlan? p)
        where W : IResultWriter
    {
        if (!Start(w, p))
        {
            return;
        }

        List(w, N.Years, p.Years, Year);

        Number(w, N.FirstDeficitYear, p.FirstDeficitYear);
        Number(w, N.RecurringItShareYear4, p.RecurringItShareYear4);
        w.WriteEndObject();
    }

    private static void Scenario<W>(W w, ScenarioResult? s)
        where W : IResultWriter
    {
        if (!Start(w, s))
        {
            return;
        }

        w.WriteNumber(N.ReductionPercent, s.ReductionPercent);
        Number(w, N.Target, s.Target);
        Number(w, N.Achieved, s.Achieved);
        Number(w, N.Overshoot, s.Overshoot);
        Number(w, N.Shortfall, s.Shortfall);
        List(w, N.Cuts, s.Cuts, Cut);

        w.WritePropertyName(N.Ratios);
        if (Start(w, s.Ratios))
        {
            Change(w, N.StudentsPerTeacher, s.Ratios.StudentsPerTeacher);
            Change(w, N.StudentsPerInstructionalStaff, s.Ratios.StudentsPerInstructionalStaff);
            Change(w, N.StudentsPerInstructionalStaffExcludingRestrictedParas, s.Ratios.StudentsPerInstructionalStaffExcludingRestrictedParas);
            w.WriteEndObject();
        }

        Strings(w, N.DesignElementsImpacted, s.DesignElementsImpacted);
        w.WriteBoolean(N.AtRisk, s.AtRisk);
        Strings(w, N.AtRiskReasons, s.AtRiskReasons);
        w.WritePropertyName(N.FiveYearPlan);
        Plan(w, s.FiveYearPlan);
        w.WriteBoolean(N.AlreadyAboveCeilingBeforeCut, s.AlreadyAboveCeilingBeforeCut);
        List(w, N.ByCategory, s.ByCategory, CategorySum);

        w.WriteEndObject();
    }

    /// <remarks>A deeper scenario shares the shallower one's cuts (the same records): each is written once and copied after.</remarks>
    private static void Cut<W>(W w, Cut? c)
        where W : IResultWriter =>
        Again(w, c, c is not null, kept: false, CutFields);

    private static void CutFields<W>(W w, Cut? c)
        where W : IResultWriter
    {
        if (!Start(w, c))
        {
            return;
        }

        w.WriteString(N.Category, c.Category);
        w.WriteString(N.ItemKind, c.ItemKind);
        w.WriteString(N.ItemId, c.ItemId);
        w.WriteString(N.Name, c.Name);
        Number(w, N.Amount, c.Amount);
        Number(w, N.Fte, c.Fte);
        w.WriteBoolean(N.Vacant, c.Vacant);
        w.WriteString(N.RuleId, c.RuleId);
        w.WriteString(N.RuleFile, c.RuleFile);
        w.WriteString(N.Explanation, c.Explanation);
        Strings(w, N.DesignElements, c.DesignElements);
        w.WriteEndObject();
    }

    private static void Change<W>(W w, JsonEncodedText name, RatioChange? c)
        where W : IResultWriter
    {
        w.WritePropertyName(name);
        if (!Start(w, c))
        {
            return;
        }

        Number(w, N.Before, c.Before);
        Number(w, N.After, c.After);
        Number(w, N.ChangePercent, c.ChangePercent);
        w.WriteEndObject();
    }

    private static void Grant<W>(W w, GrantDependency? g)
        where W : IResultWriter
    {
        if (!Start(w, g))
        {
            return;
        }

        w.WriteString(N.Item, g.Item);
        w.WriteString(N.GrantId, g.GrantId);
        w.WriteString(N.GrantName, g.GrantName);
        w.WriteNumber(N.EndYear, g.EndYear);
        Number(w, N.AnnualAmount, g.AnnualAmount);
        w.WriteEndObject();
    }

    private static void Startup<W>(W w, StartupResult? s)
        where W : IResultWriter
    {
        if (!Start(w, s))
        {
            return;
        }

        Number(w, N.Total, s.Total);
        Number(w, N.PerPupil, s.PerPupil);
        Number(w, N.ShareOfPerPupilFunding, s.ShareOfPerPupilFunding);
        Number(w, N.GrantShareOfBudget, s.GrantShareOfBudget);
        List(w, N.Shares, s.Shares, Share);

        w.WriteEndObject();
    }

    private static void Blocker<W>(W w, BlockerEntry? b)
        where W : IResultWriter
    {
        if (!Start(w, b))
        {
            return;
        }

        w.WriteString(N.Policy, b.Policy);
        w.WriteString(N.RuleId, b.RuleId);
        w.WriteString(N.File, b.File);
        Number(w, N.Line, b.Line);
        w.WriteString(N.Severity, b.Severity);
        w.WriteString(N.DesignElement, b.DesignElement);
        w.WriteString(N.Explanation, b.Explanation);
        Strings(w, N.RecommendationIds, b.RecommendationIds);
        Strings(w, N.LiftedBy, b.LiftedBy);
        w.WriteString(N.When, b.When);
        Number(w, N.Value, b.Value);
        w.WriteEndObject();
    }

    private static void Flag<W>(W w, FlagEntry? f)
        where W : IResultWriter
    {
        if (!Start(w, f))
        {
            return;
        }

        w.WriteString(N.Flag, f.Flag);
        w.WriteString(N.RuleId, f.RuleId);
        w.WriteString(N.File, f.File);
        Number(w, N.Line, f.Line);
        w.WriteString(N.Severity, f.Severity);
        w.WriteString(N.Explanation, f.Explanation);
        Strings(w, N.RecommendationIds, f.RecommendationIds);
        Number(w, N.Value, f.Value);
        w.WriteEndObject();
    }

    private static void Recommendation<W>(W w, RecommendationEntry? r)
        where W : IResultWriter
    {
        if (!Start(w, r))
        {
            return;
        }

        w.WriteNumber(N.Rank, r.Rank);
        w.WriteString(N.Id, r.Id);
        w.WriteString(N.Group, r.Group);
        w.WriteString(N.Title, r.Title);
        w.WriteString(N.Text, r.Text);
        w.WriteString(N.Severity, r.Severity);
        Strings(w, N.RaisedBy, r.RaisedBy);
        w.WriteString(N.Owner, r.Owner);
        w.WriteString(N.When, r.When);
        Number(w, N.Value, r.Value);
        Strings(w, N.Because, r.Because);
        w.WriteEndObject();
    }

    /// <remarks>Most of a school's trace lines are its rules' own, the same for every school (<see cref="TraceEntry.Shared"/>): written once per run and copied after.</remarks>
    private static void Trace<W>(W w, TraceEntry? t)
        where W : IResultWriter =>
        Again(w, t, t is { Shared: true }, kept: true, TraceFields);

    private static void TraceFields<W>(W w, TraceEntry? t)
        where W : IResultWriter
    {
        if (!Start(w, t))
        {
            return;
        }

        w.WriteString(N.RuleId, t.RuleId);
        w.WriteString(N.Workflow, t.Workflow);
        w.WriteString(N.File, t.File);
        Number(w, N.Line, t.Line);
        w.WriteString(N.Outcome, t.Outcome);
        w.WriteString(N.Detail, t.Detail);
        w.WriteEndObject();
    }

    /// <summary>
    /// A record the receiver may have written before: when <paramref name="copied"/>, written again as it was if it was
    /// (<see cref="IResultWriter.TryWriteAgain"/>), else written by <paramref name="write"/> and marked written, and
    /// <paramref name="kept"/> for later documents too; otherwise just written.
    /// </summary>
    private static void Again<W, T>(W w, T? value, bool copied, bool kept, Action<W, T?> write)
        where W : IResultWriter
        where T : class
    {
        if (!copied)
        {
            write(w, value);
            return;
        }

        if (w.TryWriteAgain(value!))
        {
            return;
        }

        write(w, value);
        w.Finished(value!, kept);
    }

    private static void Override<W>(W w, OverrideSection? o)
        where W : IResultWriter
    {
        if (!Start(w, o))
        {
            return;
        }

        w.WriteString(N.File, o.File);
        Strings(w, N.Protected, o.Protected);
        Strings(w, N.CutFirst, o.CutFirst);
        w.WriteString(N.Note, o.Note);
        w.WriteEndObject();
    }

    private static void Plugin<W>(W w, PluginProvenance? plugin)
        where W : IResultWriter
    {
        if (!Start(w, plugin))
        {
            return;
        }

        w.WriteString(N.Id, plugin.Id);
        w.WriteString(N.Archetype, plugin.Archetype);
        w.WriteString(N.Version, plugin.Version);
        w.WriteString(N.ContractVersion, plugin.ContractVersion);
        w.WriteString(N.Sha256, plugin.Sha256);
        w.WriteEndObject();
    }

    private static void DesignElement<W>(W w, DesignElementEntry? e)
        where W : IResultWriter
    {
        if (!Start(w, e))
        {
            return;
        }

        w.WriteString(N.Id, e.Id);
        w.WriteString(N.Name, e.Name);
        w.WriteString(N.Source, e.Source);
        w.WriteBoolean(N.Protected, e.Protected);
        Strings(w, N.Roles, e.Roles);
        Strings(w, N.SpendingKinds, e.SpendingKinds);
        Number(w, N.FirstCutThatHitsIt, e.FirstCutThatHitsIt);
        w.WriteEndObject();
    }

    private static void Metric<W>(W w, ArchetypeMetric? metric)
        where W : IResultWriter
    {
        if (!Start(w, metric))
        {
            return;
        }

        w.WriteString(N.Id, metric.Id);
        w.WriteString(N.Name, metric.Name);
        Number(w, N.Value, metric.Value);
        w.WriteString(N.Unit, metric.Unit);
        w.WriteEndObject();
    }

    private static void Finding<W>(W w, ProfileFinding? finding)
        where W : IResultWriter
    {
        if (!Start(w, finding))
        {
            return;
        }

        w.WriteString(N.Field, finding.Field);
        w.WriteString(N.Message, finding.Message);
        w.WriteEndObject();
    }

    private static void Year<W>(W w, YearPlan? y)
        where W : IResultWriter
    {
        if (!Start(w, y))
        {
            return;
        }

        w.WriteNumber(N.Year, y.Year);
        w.WriteNumber(N.FiscalYear, y.FiscalYear);
        w.WriteNumber(N.Enrollment, y.Enrollment);
        Number(w, N.Revenue, y.Revenue);
        Number(w, N.Expense, y.Expense);
        Number(w, N.Surplus, y.Surplus);
        Number(w, N.RecurringIt, y.RecurringIt);
        w.WriteEndObject();
    }

    private static void CategorySum<W>(W w, CategoryCut? c)
        where W : IResultWriter
    {
        if (!Start(w, c))
        {
            return;
        }

        w.WriteString(N.Category, c.Category);
        Number(w, N.Fte, c.Fte);
        Number(w, N.Amount, c.Amount);
        w.WriteBoolean(N.Staff, c.Staff);
        w.WriteEndObject();
    }

    private static void Share<W>(W w, StartupShare? share)
        where W : IResultWriter
    {
        if (!Start(w, share))
        {
            return;
        }

        w.WriteString(N.Category, share.Category);
        w.WriteString(N.Label, share.Label);
        Number(w, N.Amount, share.Amount);
        Number(w, N.Share, share.Share);
        Number(w, N.ReportAverage, share.ReportAverage);
        w.WriteEndObject();
    }

    /// <summary>A list under its name, each item by <paramref name="write"/>, or null for none.</summary>
    private static void List<W, T>(W w, JsonEncodedText name, IReadOnlyList<T>? items, Action<W, T> write)
        where W : IResultWriter
    {
        w.WritePropertyName(name);
        if (!StartArray(w, items))
        {
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            write(w, items[i]);
        }

        w.WriteEndArray();
    }

    /// <summary>Opens an object, or writes null for none (as the generated code does for any reference).</summary>
    private static bool Start<W, T>(W w, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] T? value)
        where W : IResultWriter
        where T : class
    {
        if (value is null)
        {
            w.WriteNullValue();
            return false;
        }

        w.WriteStartObject();
        return true;
    }

    /// <summary>Opens an array, or writes null for none.</summary>
    private static bool StartArray<W, T>(W w, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] IReadOnlyList<T>? values)
        where W : IResultWriter
    {
        if (values is null)
        {
            w.WriteNullValue();
            return false;
        }

        w.WriteStartArray();
        return true;
    }

    private static void Strings<W>(W w, JsonEncodedText name, IReadOnlyList<string>? values)
        where W : IResultWriter
    {
        w.WritePropertyName(name);
        if (!StartArray(w, values))
        {
            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            w.WriteStringValue(values[i]);
        }

        w.WriteEndArray();
    }

    private static void Number<W>(W w, JsonEncodedText name, int? value)
        where W : IResultWriter
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Number<W>(W w, JsonEncodedText name, decimal? value)
        where W : IResultWriter
    {
        if (value is { } v)
        {
            Number(w, name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Number<W>(W w, JsonEncodedText name, decimal value)
        where W : IResultWriter => w.WriteNumber(name, value);

    /// <summary>The property names, camelCase as the generated code writes them.</summary>
    private static class N
    {
        public static readonly JsonEncodedText SchemaVersion = JsonEncodedText.Encode("schemaVersion");
        public static readonly JsonEncodedText School = JsonEncodedText.Encode("school");
        public static readonly JsonEncodedText Provenance = JsonEncodedText.Encode("provenance");
        public static readonly JsonEncodedText Model = JsonEncodedText.Encode("model");
        public static readonly JsonEncodedText CutOrder = JsonEncodedText.Encode("cutOrder");
        public static readonly JsonEncodedText RatiosBefore = JsonEncodedText.Encode("ratiosBefore");
        public static readonly JsonEncodedText BaselinePlan = JsonEncodedText.Encode("baselinePlan");
        public static readonly JsonEncodedText Scenarios = JsonEncodedText.Encode("scenarios");
        public static readonly JsonEncodedText GrantDependencies = JsonEncodedText.Encode("grantDependencies");
        public static readonly JsonEncodedText Startup = JsonEncodedText.Encode("startup");
        public static readonly JsonEncodedText Blockers = JsonEncodedText.Encode("blockers");
        public static readonly JsonEncodedText Flags = JsonEncodedText.Encode("flags");
        public static readonly JsonEncodedText Recommendations = JsonEncodedText.Encode("recommendations");
        public static readonly JsonEncodedText Trace = JsonEncodedText.Encode("trace");
        public static readonly JsonEncodedText Problems = JsonEncodedText.Encode("problems");
        public static readonly JsonEncodedText Override = JsonEncodedText.Encode("override");
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText FiscalYear = JsonEncodedText.Encode("fiscalYear");
        public static readonly JsonEncodedText Enrollment = JsonEncodedText.Encode("enrollment");
        public static readonly JsonEncodedText Archetypes = JsonEncodedText.Encode("archetypes");
        public static readonly JsonEncodedText IllustrativeData = JsonEncodedText.Encode("illustrativeData");
        public static readonly JsonEncodedText BalancedBudgetAssumed = JsonEncodedText.Encode("balancedBudgetAssumed");
        public static readonly JsonEncodedText GeneralFunding = JsonEncodedText.Encode("generalFunding");
        public static readonly JsonEncodedText RestrictedFunding = JsonEncodedText.Encode("restrictedFunding");
        public static readonly JsonEncodedText MissingData = JsonEncodedText.Encode("missingData");
        public static readonly JsonEncodedText InsufficientData = JsonEncodedText.Encode("insufficientData");
        public static readonly JsonEncodedText JudgedRatio = JsonEncodedText.Encode("judgedRatio");
        public static readonly JsonEncodedText Ceiling = JsonEncodedText.Encode("ceiling");
        public static readonly JsonEncodedText Tool = JsonEncodedText.Encode("tool");
        public static readonly JsonEncodedText ToolVersion = JsonEncodedText.Encode("toolVersion");
        public static readonly JsonEncodedText RuleSetHash = JsonEncodedText.Encode("ruleSetHash");
        public static readonly JsonEncodedText RuleFiles = JsonEncodedText.Encode("ruleFiles");
        public static readonly JsonEncodedText Plugins = JsonEncodedText.Encode("plugins");
        public static readonly JsonEncodedText Archetype = JsonEncodedText.Encode("archetype");
        public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
        public static readonly JsonEncodedText ContractVersion = JsonEncodedText.Encode("contractVersion");
        public static readonly JsonEncodedText Sha256 = JsonEncodedText.Encode("sha256");
        public static readonly JsonEncodedText InputFile = JsonEncodedText.Encode("inputFile");
        public static readonly JsonEncodedText Policy = JsonEncodedText.Encode("policy");
        public static readonly JsonEncodedText PolicyFile = JsonEncodedText.Encode("policyFile");
        public static readonly JsonEncodedText AsOf = JsonEncodedText.Encode("asOf");
        public static readonly JsonEncodedText Culture = JsonEncodedText.Encode("culture");
        public static readonly JsonEncodedText Workspace = JsonEncodedText.Encode("workspace");
        public static readonly JsonEncodedText DesignElements = JsonEncodedText.Encode("designElements");
        public static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
        public static readonly JsonEncodedText Protected = JsonEncodedText.Encode("protected");
        public static readonly JsonEncodedText Roles = JsonEncodedText.Encode("roles");
        public static readonly JsonEncodedText SpendingKinds = JsonEncodedText.Encode("spendingKinds");
        public static readonly JsonEncodedText FirstCutThatHitsIt = JsonEncodedText.Encode("firstCutThatHitsIt");
        public static readonly JsonEncodedText Description = JsonEncodedText.Encode("description");
        public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
        public static readonly JsonEncodedText Problem = JsonEncodedText.Encode("problem");
        public static readonly JsonEncodedText Metrics = JsonEncodedText.Encode("metrics");
        public static readonly JsonEncodedText Findings = JsonEncodedText.Encode("findings");
        public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
        public static readonly JsonEncodedText Unit = JsonEncodedText.Encode("unit");
        public static readonly JsonEncodedText Field = JsonEncodedText.Encode("field");
        public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
        public static readonly JsonEncodedText Priority = JsonEncodedText.Encode("priority");
        public static readonly JsonEncodedText Category = JsonEncodedText.Encode("category");
        public static readonly JsonEncodedText Label = JsonEncodedText.Encode("label");
        public static readonly JsonEncodedText FloorShare = JsonEncodedText.Encode("floorShare");
        public static readonly JsonEncodedText KeepRoles = JsonEncodedText.Encode("keepRoles");
        public static readonly JsonEncodedText RoleOrder = JsonEncodedText.Encode("roleOrder");
        public static readonly JsonEncodedText RuleId = JsonEncodedText.Encode("ruleId");
        public static readonly JsonEncodedText RuleFile = JsonEncodedText.Encode("ruleFile");
        public static readonly JsonEncodedText StudentsPerTeacher = JsonEncodedText.Encode("studentsPerTeacher");
        public static readonly JsonEncodedText StudentsPerInstructionalStaff = JsonEncodedText.Encode("studentsPerInstructionalStaff");
        public static readonly JsonEncodedText StudentsPerInstructionalStaffExcludingRestrictedParas = JsonEncodedText.Encode("studentsPerInstructionalStaffExcludingRestrictedParas");
        public static readonly JsonEncodedText Years = JsonEncodedText.Encode("years");
        public static readonly JsonEncodedText Year = JsonEncodedText.Encode("year");
        public static readonly JsonEncodedText Revenue = JsonEncodedText.Encode("revenue");
        public static readonly JsonEncodedText Expense = JsonEncodedText.Encode("expense");
        public static readonly JsonEncodedText Surplus = JsonEncodedText.Encode("surplus");
        public static readonly JsonEncodedText RecurringIt = JsonEncodedText.Encode("recurringIt");
        public static readonly JsonEncodedText FirstDeficitYear = JsonEncodedText.Encode("firstDeficitYear");
        public static readonly JsonEncodedText RecurringItShareYear4 = JsonEncodedText.Encode("recurringItShareYear4");
        public static readonly JsonEncodedText ReductionPercent = JsonEncodedText.Encode("reductionPercent");
        public static readonly JsonEncodedText Target = JsonEncodedText.Encode("target");
        public static readonly JsonEncodedText Achieved = JsonEncodedText.Encode("achieved");
        public static readonly JsonEncodedText Overshoot = JsonEncodedText.Encode("overshoot");
        public static readonly JsonEncodedText Shortfall = JsonEncodedText.Encode("shortfall");
        public static readonly JsonEncodedText Cuts = JsonEncodedText.Encode("cuts");
        public static readonly JsonEncodedText Ratios = JsonEncodedText.Encode("ratios");
        public static readonly JsonEncodedText DesignElementsImpacted = JsonEncodedText.Encode("designElementsImpacted");
        public static readonly JsonEncodedText AtRisk = JsonEncodedText.Encode("atRisk");
        public static readonly JsonEncodedText AtRiskReasons = JsonEncodedText.Encode("atRiskReasons");
        public static readonly JsonEncodedText FiveYearPlan = JsonEncodedText.Encode("fiveYearPlan");
        public static readonly JsonEncodedText AlreadyAboveCeilingBeforeCut = JsonEncodedText.Encode("alreadyAboveCeilingBeforeCut");
        public static readonly JsonEncodedText ByCategory = JsonEncodedText.Encode("byCategory");
        public static readonly JsonEncodedText Fte = JsonEncodedText.Encode("fte");
        public static readonly JsonEncodedText Amount = JsonEncodedText.Encode("amount");
        public static readonly JsonEncodedText Staff = JsonEncodedText.Encode("staff");
        public static readonly JsonEncodedText ItemKind = JsonEncodedText.Encode("itemKind");
        public static readonly JsonEncodedText ItemId = JsonEncodedText.Encode("itemId");
        public static readonly JsonEncodedText Vacant = JsonEncodedText.Encode("vacant");
        public static readonly JsonEncodedText Explanation = JsonEncodedText.Encode("explanation");
        public static readonly JsonEncodedText Before = JsonEncodedText.Encode("before");
        public static readonly JsonEncodedText After = JsonEncodedText.Encode("after");
        public static readonly JsonEncodedText ChangePercent = JsonEncodedText.Encode("changePercent");
        public static readonly JsonEncodedText Item = JsonEncodedText.Encode("item");
        public static readonly JsonEncodedText GrantId = JsonEncodedText.Encode("grantId");
        public static readonly JsonEncodedText GrantName = JsonEncodedText.Encode("grantName");
        public static readonly JsonEncodedText EndYear = JsonEncodedText.Encode("endYear");
        public static readonly JsonEncodedText AnnualAmount = JsonEncodedText.Encode("annualAmount");
        public static readonly JsonEncodedText Total = JsonEncodedText.Encode("total");
        public static readonly JsonEncodedText PerPupil = JsonEncodedText.Encode("perPupil");
        public static readonly JsonEncodedText ShareOfPerPupilFunding = JsonEncodedText.Encode("shareOfPerPupilFunding");
        public static readonly JsonEncodedText GrantShareOfBudget = JsonEncodedText.Encode("grantShareOfBudget");
        public static readonly JsonEncodedText Shares = JsonEncodedText.Encode("shares");
        public static readonly JsonEncodedText Share = JsonEncodedText.Encode("share");
        public static readonly JsonEncodedText ReportAverage = JsonEncodedText.Encode("reportAverage");
        public static readonly JsonEncodedText File = JsonEncodedText.Encode("file");
        public static readonly JsonEncodedText Line = JsonEncodedText.Encode("line");
        public static readonly JsonEncodedText Severity = JsonEncodedText.Encode("severity");
        public static readonly JsonEncodedText DesignElement = JsonEncodedText.Encode("designElement");
        public static readonly JsonEncodedText RecommendationIds = JsonEncodedText.Encode("recommendationIds");
        public static readonly JsonEncodedText LiftedBy = JsonEncodedText.Encode("liftedBy");
        public static readonly JsonEncodedText When = JsonEncodedText.Encode("when");
        public static readonly JsonEncodedText Flag = JsonEncodedText.Encode("flag");
        public static readonly JsonEncodedText Rank = JsonEncodedText.Encode("rank");
        public static readonly JsonEncodedText Group = JsonEncodedText.Encode("group");
        public static readonly JsonEncodedText Title = JsonEncodedText.Encode("title");
        public static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");
        public static readonly JsonEncodedText RaisedBy = JsonEncodedText.Encode("raisedBy");
        public static readonly JsonEncodedText Owner = JsonEncodedText.Encode("owner");
        public static readonly JsonEncodedText Because = JsonEncodedText.Encode("because");
        public static readonly JsonEncodedText Workflow = JsonEncodedText.Encode("workflow");
        public static readonly JsonEncodedText Outcome = JsonEncodedText.Encode("outcome");
        public static readonly JsonEncodedText Detail = JsonEncodedText.Encode("detail");
        public static readonly JsonEncodedText CutFirst = JsonEncodedText.Encode("cutFirst");
        public static readonly JsonEncodedText Note = JsonEncodedText.Encode("note");
    }
}

/// <summary>
/// The calls <see cref="ResultJsonWriter"/> makes, named as <see cref="IndentedJson"/>'s. result.json's bytes take them,
/// and so does a memo's model (<see cref="ScriptModel.Of"/>), so both come from one walk over the result.
/// </summary>
/// <remarks>Implemented by structs, so the walk is compiled for each receiver and its calls are direct.</remarks>
internal interface IResultWriter
{
    void WriteStartObject();

    void WriteEndObject();

    void WriteStartArray();

    void WriteEndArray();

    void WritePropertyName(JsonEncodedText name);

    void WriteString(JsonEncodedText name, string? value);

    void WriteStringValue(string? value);

    void WriteNumber(JsonEncodedText name, int value);

    void WriteNumber(JsonEncodedText name, decimal value);

    void WriteBoolean(JsonEncodedText name, bool value);

    void WriteNull(JsonEncodedText name);

    void WriteNullValue();

    /// <summary>
    /// The object or array just closed was the record <paramref name="value"/>: a receiver may write it again by copying
    /// (<see cref="TryWriteAgain"/>); <paramref name="kept"/>, the record is shared across documents.
    /// </summary>
    void Finished(object value, bool kept);

    /// <summary>Writes a record again as it was written before, or returns false (and writes nothing) for the walk to write it.</summary>
    bool TryWriteAgain(object value);
}

/// <summary>The walk's calls made on an <see cref="IndentedJson"/>: result.json's bytes.</summary>
internal readonly struct JsonCalls(IndentedJson json) : IResultWriter
{
    public void WriteStartObject() => json.WriteStartObject();

    public void WriteEndObject() => json.WriteEndObject();

    public void WriteStartArray() => json.WriteStartArray();

    public void WriteEndArray() => json.WriteEndArray();

    public void WritePropertyName(JsonEncodedText name) => json.WritePropertyName(name);

    public void WriteString(JsonEncodedText name, string? value) => json.WriteString(name, value);

    public void WriteStringValue(string? value) => json.WriteStringValue(value);

    public void WriteNumber(JsonEncodedText name, int value) => json.WriteNumber(name, value);

    public void WriteNumber(JsonEncodedText name, decimal value) => json.WriteNumber(name, value);

    public void WriteBoolean(JsonEncodedText name, bool value) => json.WriteBoolean(name, value);

    public void WriteNull(JsonEncodedText name) => json.WriteNull(name);

    public void WriteNullValue() => json.WriteNullValue();

    public void Finished(object value, bool kept) => json.Finished(value, kept);

    public bool TryWriteAgain(object value) => json.TryWriteAgain(value);
}
