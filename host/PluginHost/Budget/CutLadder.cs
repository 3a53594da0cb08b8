using PluginHost.Inputs;

namespace PluginHost.Budget;

/// <summary>What a cut takes from: a position or a spending line, with where its rule put it and why; shared by its steps.</summary>
/// <param name="Position">The position's place in the profile's list of positions; -1 for a spending line.</param>
internal sealed record CutItem(string Category, string ItemKind, string ItemId, string Name, string RoleOrKind, bool Vacant, string RuleId, string RuleFile, string Reason, IReadOnlyList<string> DesignElements, int Position);

/// <summary>
/// One thing a cut can take: a half FTE (or the remainder) of a position, or a spending line. A position of 1.5 FTE
/// has three steps; they share one <see cref="CutItem"/>, so a step is its item, its FTE and its dollars, kept as a value.
/// </summary>
internal readonly record struct CutStep(CutItem Item, decimal Fte, decimal Amount, bool Divisible)
{
    public string ItemKind => Item.ItemKind;

    public string ItemId => Item.ItemId;

    public string RoleOrKind => Item.RoleOrKind;

    public bool Vacant => Item.Vacant;

    /// <summary>Why this item goes at this point: the category's place in the order and the item's place in the category.</summary>
    public string Reason => Item.Reason;

    /// <summary>The position's place in the profile's list of positions; -1 for a spending line.</summary>
    public int Position => Item.Position;
}

/// <summary>
/// Every cut the school could make, in the order it would make them: category by category in priority order,
/// and within a category vacant positions first, then unprotected before protected, then the rules' role order,
/// then the profile's order. A scenario takes a prefix of this ladder, which is why a deeper cut always keeps
/// every cut of a shallower one.
/// </summary>
internal static class CutLadder
{
    public const decimal StaffStep = 0.5m;

    public const string OverrideRuleId = "school-override";

    private const string ChosenReason = "chosen by the school to cut before the rules' order (its saved package)";

    /// <summary>The ladder with a school's own package applied: protected items leave it, chosen items move to its front.</summary>
    public static Steps Build(SchoolProfile profile, CutPlan plan, IReadOnlyList<ResolvedElement> elements, SchoolOverride? choice)
    {
        var ladder = new Steps(profile, plan, elements);
        if (choice is null || choice.IsEmpty)
        {
            return ladder;
        }

        var all = ladder.All();
        var kept = all.Where(s => !choice.Protect.Contains(s.ItemId, StringComparer.Ordinal)).ToList();
        var chosen = new Dictionary<CutItem, CutItem>(ReferenceEqualityComparer.Instance);
        var first = choice.CutFirst
            .SelectMany(id => kept.Where(s => s.ItemId == id))
            .Select(s => s with { Item = chosen.TryGetValue(s.Item, out var item) ? item : chosen[s.Item] = s.Item with { Reason = ChosenReason } })
            .ToList();
        return new Steps([.. first, .. kept.Where(s => !choice.CutFirst.Contains(s.ItemId, StringComparer.Ordinal))]);
    }

    /// <summary>
    /// The ladder's steps, made a category at a time as a scenario walks down to them: a 30 % cut rarely reaches the
    /// last categories, and making their steps (two per FTE) was a fifth of what a school's evaluation allocated. A category
    /// is made whole, in order, exactly as the full ladder would have it, so the steps a scenario sees do not depend
    /// on how far any other scenario went.
    /// </summary>
    internal sealed class Steps
    {
        private readonly List<CutStep> _steps;
        private readonly SchoolProfile? _profile;
        private readonly IReadOnlyList<CategoryPlan> _categories = [];
        private readonly IReadOnlyList<ResolvedElement> _elements = [];
        private readonly Scratch? _scratch;
        private readonly int _owner;
        private int _categoriesMade;

        public Steps(SchoolProfile profile, CutPlan plan, IReadOnlyList<ResolvedElement> elements)
        {
            _scratch = t_scratch ??= new Scratch();
            _owner = ++_scratch.Owner;
            _scratch.Steps.Clear();
            (_steps, _profile, _categories, _elements) = (_scratch.Steps, profile, plan.Ordered, elements);
        }

        /// <summary>A ladder already made in full, in a list of its own.</summary>
        public Steps(List<CutStep> steps)
        {
            _steps = steps;
        }

        /// <summary>The step at <paramref name="index"/>, making categories until it exists; false past the ladder's last step.</summary>
        public bool TryGet(int index, out CutStep step)
        {
            if (_scratch is not null && _scratch.Owner != _owner)
            {
                throw new InvalidOperationException("a cut ladder was read after another was made on its thread; a ladder lives within one budget run");
            }

            while (index >= _steps.Count && _categoriesMade < _categories.Count)
            {
                AddCategory(_steps, _profile!, _categories[_categoriesMade++], _elements, _scratch!.Split, _scratch.Candidates);
            }

            var found = index < _steps.Count;
            step = found ? _steps[index] : default;
            return found;
        }

        /// <summary>Every step, each category made.</summary>
        public List<CutStep> All()
        {
            TryGet(int.MaxValue, out _);
            return _steps;
        }

        /// <summary>
        /// The lists a ladder is made in, one set per thread and reused school after school: a school makes a hundred or
        /// more steps and dozens of candidates per category, and as objects, with the arrays holding them, they were a
        /// fifth of what its evaluation allocated. A ladder is made and walked within one budget run on one thread; a
        /// ladder made later on the thread takes the lists over, and an earlier one then refuses to be read (above)
        /// rather than read another school's steps.
        /// </summary>
        private sealed class Scratch
        {
            public List<CutStep> Steps { get; } = [];

            public List<CutStep> Split { get; } = [];

            public List<Candidate> Candidates { get; } = [];

            public int Owner { get; set; }
        }

        [ThreadStatic]
        private static Scratch? t_scratch;
    }

    /// <summary>One category's steps, within its floor and its roles' minimums, added to the ladder.</summary>
    /// <param name="split">A list reused for each candidate's steps.</param>
    /// <param name="candidates">A list reused for each category's candidates.</param>
    private static void AddCategory(List<CutStep> steps, SchoolProfile profile, CategoryPlan category, IReadOnlyList<ResolvedElement> elements, List<CutStep> split, List<Candidate> candidates)
    {
        Candidates(profile, category, elements, candidates);
        var baseline = 0m;
        foreach (var candidate in candidates)
        {
            baseline += candidate.Cost;
        }

        var cap = baseline * (1m - category.FloorShare);
        var taken = 0m;
        // What each role with a minimum may still lose: its FTE in place (vacancies aside) above the minimum. Most
        // categories keep no minimum, and then have no table to look in.
        var spare = category.KeepMinimum.Count == 0 ? null : category.KeepMinimum.ToDictionary(
            m => m.Key,
            m => candidates.Where(c => c.RoleOrKind == m.Key && c.Kind == "position" && !c.Vacant).Sum(c => c.Fte) - m.Value,
            StringComparer.Ordinal);
        var (previous, reason) = ((Candidate?)null, "");
        foreach (var candidate in candidates)
        {
            // Candidates come sorted, so neighbours usually share their reason: it is looked up once for a run of them.
            if (previous is not { } before || !SameReason(before, candidate))
            {
                reason = Reason(category, candidate);
            }

            previous = candidate;
            foreach (var step in Split(candidate, category.RuleId, category.RuleFile, reason, split))
            {
                var left = 0m;
                var limited = !step.Vacant && spare is not null && spare.TryGetValue(step.RoleOrKind, out left);
                if (limited && left < step.Fte)
                {
                    continue;
                }

                if (taken + step.Amount <= cap)
                {
                    steps.Add(step);
                    taken += step.Amount;
                    if (limited)
                    {
                        spare![step.RoleOrKind] = left - step.Fte;
                    }
                }
                else if (step.Divisible && cap - taken > 0m)
                {
                    steps.Add(step with { Amount = cap - taken });
                    taken = cap;
                }
            }
        }
    }

    private static void Candidates(SchoolProfile profile, CategoryPlan category, IReadOnlyList<ResolvedElement> elements, List<Candidate> list)
    {
        list.Clear();
        var index = 0;
        foreach (var position in profile.Positions)
        {
            index++;
            if (position.Category != category.Category || position.Funding != FundingSources.General || position.Restricted || position.Fte <= 0m
                || category.KeepRoles.ContainsOrdinal(position.Role))
            {
                continue;
            }

            var carried = Carried(position.DesignElements, elements, position.Role, byRole: true);
            var stipend = position.Stipend is { Funding: FundingSources.General } s ? s.Amount : 0m;
            list.Add(new Candidate(category.Category, "position", position.Id, position.Title, position.Role, position.Fte, position.AnnualCost + stipend, position.Vacant,
                carried.Ids, carried.Protected, index, Position: index - 1, category.RoleOrder.RankOf(position.Role)));
        }

        foreach (var line in profile.NonPersonnel)
        {
            index++;
            if (line.Category != category.Category || line.Funding != FundingSources.General || line.Amount <= 0m)
            {
                continue;
            }

            var carried = Carried(line.DesignElements, elements, line.Kind, byRole: false);
            list.Add(new Candidate(category.Category, "line", line.Id, line.Name, line.Kind, 0m, line.Amount, false, carried.Ids, carried.Protected, index, Position: -1, category.RoleOrder.RankOf(line.Kind)));
        }

        // Vacant first, then unprotected, then the rule's role order, then the profile's order (unique, so the order is total).
        list.Sort((a, b) =>
            b.Vacant.CompareTo(a.Vacant) is not 0 and var vacant ? vacant
            : a.Protected.CompareTo(b.Protected) is not 0 and var kept ? kept
            : a.Rank.CompareTo(b.Rank) is not 0 and var role ? role
            : a.Order.CompareTo(b.Order));
    }

    /// <summary>The design elements an item carries (declared on it, or by its role or spending kind), and whether any is protected.</summary>
    private static (IReadOnlyList<string> Ids, bool Protected) Carried(IReadOnlyList<string> declared, IReadOnlyList<ResolvedElement> elements, string roleOrKind, bool byRole)
    {
        List<string>? ids = null;
        var isProtected = false;
        for (var i = 0; i < elements.Count; i++)
        {
            var element = elements[i];
            if (declared.ContainsOrdinal(element.Id) || (byRole ? element.Roles : element.SpendingKinds).ContainsOrdinal(roleOrKind))
            {
                (ids ??= []).AddOnce(element.Id);
                isProtected |= element.Protected;
            }
        }

        return (ids ?? (IReadOnlyList<string>)[], isProtected);
    }

    /// <summary>
    /// The reasons given for a plan's items, by the item's standing: a plan is made once per rule and shared by every
    /// school, and a category has a handful of distinct reasons, so each is written once instead of once per school.
    /// Kept beside the plan object (a copy made with <c>with</c> gets its own), not in it: records compare by value.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CategoryPlan, System.Collections.Concurrent.ConcurrentDictionary<(int Standing, string Which), string>> ReasonsOf = new();

    /// <summary>
    /// Why an item goes where it does: the category's place and floor, and the item's standing in it. The text depends
    /// only on the category and the standing, so it is kept for the (shared) plan under a key naming the standing:
    /// vacant, protected by these elements, this role in the order, or unprotected (no text is made to look one up).
    /// </summary>
    private static string Reason(CategoryPlan category, Candidate c)
    {
        var reasons = ReasonsOf.GetValue(category, _ => new());
        var key = c.Vacant ? (0, "")
            : c.Protected ? (1, string.Join('\n', c.Elements))
            : c.Rank < int.MaxValue ? (2, c.RoleOrKind)
            : (3, "");
        // Roles come from the rule's own order, but protected elements can be a profile's own: past a few hundred
        // distinct standings (never seen in practice) the text is written each time instead of kept.
        return reasons.TryGetValue(key, out var known) ? known
            : reasons.Count < 256 ? reasons.GetOrAdd(key, static (_, made) => Write(made.category, made.c), (category, c))
            : Write(category, c);

        static string Write(CategoryPlan category, Candidate c)
        {
            var place = $"{category.Label.ToLowerInvariant()} is cut at priority {category.Priority}";
            var floor = category.FloorShare > 0m ? $"; the category keeps {Math.Round(category.FloorShare * 100m, 0)} % of its money" : "";
            var within = c.Vacant ? "vacant positions go first"
                : c.Protected ? $"carries a protected design element ({string.Join(", ", c.Elements)}), so it goes last in its category"
                : c.Rank < int.MaxValue ? $"'{c.RoleOrKind}' is number {c.Rank + 1} in the rule's order"
                : "not protected by a design element";
            return $"{place}; {within}{floor}";
        }
    }

    /// <summary>Whether two candidates of one category have the same reason: the same standing, role and protecting elements.</summary>
    private static bool SameReason(Candidate a, Candidate b) =>
        a.Vacant == b.Vacant && (a.Vacant || (a.Protected == b.Protected
            && (a.Protected ? a.Elements.SequenceEqual(b.Elements, StringComparer.Ordinal) : a.RoleOrKind == b.RoleOrKind)));

    /// <summary>The steps of one candidate (a spending line whole, a position half an FTE at a time), into a list reused for every candidate.</summary>
    private static List<CutStep> Split(Candidate c, string ruleId, string ruleFile, string reason, List<CutStep> steps)
    {
        steps.Clear();
        var item = new CutItem(c.Category, c.Kind, c.Id, c.Name, c.RoleOrKind, c.Vacant, ruleId, ruleFile, reason, c.Elements, c.Position);
        if (c.Kind == "line")
        {
            steps.Add(new CutStep(item, 0m, c.Cost, Divisible: true));
            return steps;
        }

        var remaining = c.Fte;
        while (remaining > 0m)
        {
            var fte = Math.Min(StaffStep, remaining);
            steps.Add(new CutStep(item, fte, Math.Round(c.Cost * fte / c.Fte, 2), Divisible: false));
            remaining -= fte;
        }

        return steps;
    }

    /// <param name="Order">The item's place among the profile's positions and then its lines, from 1.</param>
    /// <param name="Position">The position's index in the profile; -1 for a line.</param>
    /// <param name="Rank">The role's or kind's place in the category's role order (int.MaxValue when it names none).</param>
    private readonly record struct Candidate(string Category, string Kind, string Id, string Name, string RoleOrKind, decimal Fte, decimal Cost, bool Vacant, IReadOnlyList<string> Elements, bool Protected, int Order, int Position, int Rank);
}
