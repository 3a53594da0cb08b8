using System.Text.Json;

namespace PluginHost.Inputs;

/// <summary>
/// Binds a school profile straight from its UTF-8 JSON and checks it against the compiled schema in the same pass: every
/// value is read through its slot in the schema (<see cref="FastSchema.Slot"/>), which makes the checks the strict
/// validation makes at that place, so a district's profiles are tokenised once, not once to validate and once to
/// bind. It makes what the general serialiser makes (a test holds the two equal on every fixture, generated district
/// and valid mutant, and holds what it accepts to what the strict validation accepts) in about a fifth of the time.
/// </summary>
/// <remarks>
/// Anything it is not sure of (a value the schema refuses, a type it does not bind, a field it does not know because
/// the model gained one and this binder has not) makes it return null; the reader then validates the bytes on their
/// own and, if they are valid, the general serialiser binds them, so a profile is never bound without a field it has
/// or with one the schema refuses. A field left out takes the model's own default, read from a template made by the
/// model's initialisers, so no default is written twice. Defaults are shared between profiles, as the model's
/// records and read-only collections allow.
/// </remarks>
internal static class ProfileBinder
{
    public static SchoolProfile? TryBind(ReadOnlySpan<byte> json, FastSchema schema)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = Io.StrictJson.MaxDepth });
        try
        {
            return reader.Read() && Profile(ref reader, schema.Root) is var profile && !reader.Read() ? profile : null;
        }
        catch (Exception ex) when (ex is NotSure or JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The profile is not surely valid, or has a field this binder does not know: the two passes decide. A new one each
    /// time: schools are read on several threads, and one exception object thrown on two at once is not safe.
    /// </summary>
    private sealed class NotSure : Exception;

    private static readonly SchoolProfile ProfileDefaults = new() { Id = "", Name = "", FiscalYear = 0, Enrollment = null!, Funding = null! };
    private static readonly Enrollment EnrollmentDefaults = new() { Students = 0 };
    private static readonly Funding FundingDefaults = new() { General = 0 };
    private static readonly Grant GrantDefaults = new() { Id = "", Name = "", AnnualAmount = 0, StartYear = 0, EndYear = 0 };
    // The fields of a position, a stipend and a spending line, as their readers switch on them. Each is matched to the
    // schema's declared names once; a name the schema does not declare is left to the general path.
    private enum PositionField { Id, Title, Role, Category, Fte, Salary, Benefits, Funding, GrantId, Restricted, Vacant, Stipend, DesignElements }

    private enum StipendField { Amount, Funding, GrantId }

    private enum LineField { Id, Name, Kind, Category, Amount, Funding, GrantId, Recurring, Technology, DesignElements }

    private static readonly FastSchema.Fields PositionFields = FastSchema.Fields.Of<PositionField>();
    private static readonly FastSchema.Fields StipendFields = FastSchema.Fields.Of<StipendField>();
    private static readonly FastSchema.Fields LineFields = FastSchema.Fields.Of<LineField>();

    /// <summary>The field the walk's last property goes to; -1 (no field) for a name the schema does not declare or the reader does not know.</summary>
    private static int FieldOf(in FastSchema.ObjectWalk walk, int[] fields) => walk.Declared < 0 ? -1 : fields[walk.Declared];

    private static readonly Position PositionDefaults = new() { Id = "", Title = "", Role = "", Category = "", Fte = 0, Salary = 0, Benefits = 0, Funding = "" };
    private static readonly Stipend StipendDefaults = new() { Amount = 0, Funding = "" };
    private static readonly SpendingLine LineDefaults = new() { Id = "", Name = "", Kind = "", Category = "", Amount = 0, Funding = "" };
    private static readonly DeviceFleet DeviceDefaults = new() { Name = "", Count = 0, UnitCost = 0, RefreshYears = 0 };
    private static readonly OwnDesignElement ElementDefaults = new() { Id = "", Name = "" };
    private static readonly Practices PracticesDefaults = new();

    private static SchoolProfile Profile(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        var walk = Object(ref reader, slot);
        var d = ProfileDefaults;
        string? id = null, name = null;
        var fiscalYear = 0;
        var (illustrative, balanced) = (d.IllustrativeData, d.BalancedBudgetAssumed);
        var (missing, archetypes) = (d.MissingData, d.Archetypes);
        Enrollment? enrollment = null;
        Funding? funding = null;
        var (positions, lines, devices, startup, elements, practices) = (d.Positions, d.NonPersonnel, d.Devices, d.Startup, d.DesignElements, d.Practices);
        while (Next(ref reader, ref walk, out var value))
        {
            if (Is(ref reader, "$schema"u8)) { Skip(ref reader, value); }
            else if (Is(ref reader, "id"u8)) { id = Text(ref reader, value); }
            else if (Is(ref reader, "name"u8)) { name = Text(ref reader, value); }
            else if (Is(ref reader, "fiscalYear"u8)) { fiscalYear = Whole(ref reader, value); }
            else if (Is(ref reader, "illustrativeData"u8)) { illustrative = Flag(ref reader, value); }
            else if (Is(ref reader, "balancedBudgetAssumed"u8)) { balanced = Flag(ref reader, value); }
            else if (Is(ref reader, "missingData"u8)) { missing = Texts(ref reader, value); }
            else if (Is(ref reader, "archetypes"u8)) { archetypes = Texts(ref reader, value); }
            else if (Is(ref reader, "enrollment"u8)) { reader.Read(); enrollment = Enrollment(ref reader, value); }
            else if (Is(ref reader, "funding"u8)) { reader.Read(); funding = Funding(ref reader, value); }
            else if (Is(ref reader, "positions"u8)) { positions = List(ref reader, value, Position); }
            else if (Is(ref reader, "nonPersonnel"u8)) { lines = List(ref reader, value, Line); }
            else if (Is(ref reader, "devices"u8)) { devices = List(ref reader, value, Device); }
            else if (Is(ref reader, "startup"u8)) { reader.Read(); startup = Amounts(ref reader, value); }
            else if (Is(ref reader, "designElements"u8)) { elements = List(ref reader, value, Element); }
            else if (Is(ref reader, "practices"u8)) { reader.Read(); practices = Practices(ref reader, value); }
            else { throw new NotSure(); }
        }

        Complete(walk);
        return new SchoolProfile
        {
            Id = id!, Name = name!, FiscalYear = fiscalYear, Archetypes = archetypes, Enrollment = enrollment!, Funding = funding!,
            Positions = positions, NonPersonnel = lines, Devices = devices, Startup = startup, DesignElements = elements, Practices = practices,
            IllustrativeData = illustrative, BalancedBudgetAssumed = balanced, MissingData = missing,
        };
    }

    private static Enrollment Enrollment(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        var walk = Object(ref reader, slot);
        var d = EnrollmentDefaults;
        var (students, projection, special) = (0, d.Projection, d.SpecialEducation);
        while (Next(ref reader, ref walk, out var value))
        {
            if (Is(ref reader, "students"u8)) { students = Whole(ref reader, value); }
            else if (Is(ref reader, "projection"u8)) { projection = Wholes(ref reader, value); }
            else if (Is(ref reader, "specialEducation"u8)) { special = Whole(ref reader, value); }
            else { throw new NotSure(); }
        }

        Complete(walk);
        return new Enrollment { Students = students, Projection = projection, SpecialEducation = special };
    }

    private static Funding Funding(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        var walk = Object(ref reader, slot);
        var d = FundingDefaults;
        var (general, restricted, grants) = (0m, d.Restricted, d.Grants);
        while (Next(ref reader, ref walk, out var value))
        {
            if (Is(ref reader, "general"u8)) { general = Number(ref reader, value); }
            else if (Is(ref reader, "restricted"u8)) { restricted = List(ref reader, value, Restricted); }
            else if (Is(ref reader, "grants"u8)) { grants = List(ref reader, value, Grant); }
            else { throw new NotSure(); }
        }

        Complete(walk);
        return new Funding { General = general, Restricted = restricted, Grants = grants };
    }

    private static RestrictedFunding Restricted(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        var (purpose, amount) = TextAndAmount(ref reader, slot, "purpose"u8);
        return new RestrictedFunding(purpose, amount);
    }

    /// <summary>An object of two fields, a text under <paramref name="name"/> and an amount (restricted money, a purchase).</summary>
    private static (string Text, decimal Amount) TextAndAmount(ref Utf8JsonReader reader, FastSchema.Slot slot, ReadOnlySpan<byte> name)
    {
        var walk = Object(ref reader, slot);
        var (text, amount) = ((string?)null, 0m);
        while (Next(ref reader, ref walk, out var value))
        {
            if (Is(ref reader, name)) { text = Text(ref reader, value); }
            else if (Is(ref reader, "amount"u8)) { amount = Number(ref reader, value); }
            else { throw new NotSure(); }
        }

        Complete(walk);
        return (text!, amount);
    }

    private static Grant Grant(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        var walk = Object(ref reader, slot);
        string? id = null, name = null;
        var kind = GrantDefaults.Kind;
        var (amount, start, end) = (0m, 0, 0);
        while (Next(ref reader, ref walk, out var value))
        {
            if (Is(ref reader, "id"u8)) { id = Text(ref reader, value); }
            else if (Is(ref reader, "name"u8)) { name = Text(ref reader, value); }
            else if (Is(ref reader, "kind"u8)) { kind = Shared(ref reader, value); }
            else if (Is(ref reader, "annualAmount"u8)) { amount = Number(ref reader, value); }
            else if (Is(ref reader, "startYear"u8)) { start = Whole(ref reader, value); }
            else if (Is(ref reader, "endYear"u8)) { end = Whole(ref reader, value); }
            else { throw new NotSure(); }
        }

        Complete(walk);
        return new Grant { Id = id!, Name = name!, Kind = kind, AnnualAmount = amount, StartYear = start, EndYear = end };
    }

    private static Position Position(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        var walk = Object(ref reader, slot);
        var fields = walk.FieldsOf(PositionFields);
        var d = PositionDefaults;
        string? id = null, title = null, role = null, category = null, funding = null, grant = d.GrantId;
        var (fte, salary, benefits) = (0m, 0m, 0m);
        var (restricted, vacant, stipend, elements) = (d.Restricted, d.Vacant, d.Stipend, d.DesignElements);
        while (Next(ref reader, ref walk, out var value))
        {
            switch ((PositionField)FieldOf(walk, fields))
            {
                case PositionField.Id: id = Text(ref reader, value); break;
                case PositionField.Title: title = Text(ref reader, value); break;
                case PositionField.Role: role = Shared(ref reader, value); break;
                case PositionField.Category: category = Shared(ref reader, value); break;
                case PositionField.Fte: fte = Number(ref reader, value); break;
                case PositionField.Salary: salary = Number(ref reader, value); break;
                case PositionField.Benefits: benefits = Number(ref reader, value); break;
                case PositionField.Funding: funding = Shared(ref reader, value); break;
                case PositionField.GrantId: grant = Shared(ref reader, value); break;
                case PositionField.Restricted: restricted = Flag(ref reader, value); break;
                case PositionField.Vacant: vacant = Flag(ref reader, value); break;
                case PositionField.Stipend: reader.Read(); stipend = Stipend(ref reader, value); break;
                case PositionField.DesignElements: elements = Texts(ref reader, value); break;
                default: throw new NotSure();
            }
        }

        Complete(walk);
        return new Position
        {
            Id = id!, Title = title!, Role = role!, Category = category!, Fte = fte, Salary = salary, Benefits = benefits, Funding = funding!,
            GrantId = grant, Restricted = restricted, Vacant = vacant, Stipend = stipend, DesignElements = elements,
        };
    }

    private static Stipend Stipend(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        var walk = Object(ref reader, slot);
        var fields = walk.FieldsOf(StipendFields);
        var (amount, funding, grant) = (0m, (string?)null, StipendDefaults.GrantId);
        while (Next(ref reader, ref walk, out var value))
        {
            switch ((StipendField)FieldOf(walk, fields))
            {
                case StipendField.Amount: amount = Number(ref reader, value); break;
                case StipendField.Funding: funding = Shared(ref reader, value); break;
                case StipendField.GrantId: grant = Shared(ref reader, value); break;
                default: throw new NotSure();
            }
        }

        Complete(walk);
        return new Stipend { Amount = amount, Funding = funding!, GrantId = grant };
    }

    private static SpendingLine Line(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        var walk = Object(ref reader, slot);
        var fields = walk.FieldsOf(LineFields);
        var d = LineDefaults;
        string? id = null, name = null, kind = null, category = null, funding = null, grant = d.GrantId;
        var amount = 0m;
        var (recurring, technology, elements) = (d.Recurring, d.Technology, d.DesignElements);
        while (Next(ref reader, ref walk, out var value))
        {
            switch ((LineField)FieldOf(walk, fields))
            {
                case LineField.Id: id = Text(ref reader, value); break;
                case LineField.Name: name = Text(ref reader, value); break;
                case LineField.Kind: kind = Shared(ref reader, value); break;
                case LineField.Category: category = Shared(ref reader, value); break;
                case LineField.Amount: amount = Number(ref reader, value); break;
                case LineField.Funding: funding = Shared(ref reader, value); break;
                case LineField.GrantId: grant = Shared(ref reader, value); break;
                case LineField.Recurring: recurring = Flag(ref reader, value); break;
                case LineField.Technology: technology = Flag(ref reader, value); break;
                case LineField.DesignElements: elements = Texts(ref reader, value); break;
                default: throw new NotSure();
            }
        }

        Complete(walk);
        return new SpendingLine
        {
            Id = id!, Name = name!, Kind = kind!, Category = category!, Amount = amount, Funding = funding!, GrantId = grant,
            Recurring = recurring, Technology = technology, DesignElements = elements,
        };
    }

    private static DeviceFleet Device(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        var walk = Object(ref reader, slot);
        string? name = null;
        var funding = DeviceDefaults.Funding;
        var (count, unitCost, refresh) = (0, 0m, 0);
        while (Next(ref reader, ref walk, out var value))
        {
            if (Is(ref reader, "name"u8)) { name = Text(ref reader, value); }
            else if (Is(ref reader, "count"u8)) { count = Whole(ref reader, value); }
            else if (Is(ref reader, "unitCost"u8)) { unitCost = Number(ref reader, value); }
            else if (Is(ref reader, "refreshYears"u8)) { refresh = Whole(ref reader, value); }
            else if (Is(ref reader, "funding"u8)) { funding = Shared(ref reader, value); }
            else { throw new NotSure(); }
        }

        Complete(walk);
        return new DeviceFleet { Name = name!, Count = count, UnitCost = unitCost, RefreshYears = refresh, Funding = funding! };
    }

    private static OwnDesignElement Element(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        var walk = Object(ref reader, slot);
        var d = ElementDefaults;
        string? id = null, name = null;
        var (roles, kinds, protectedInCuts) = (d.Roles, d.SpendingKinds, d.ProtectedInCuts);
        while (Next(ref reader, ref walk, out var value))
        {
            if (Is(ref reader, "id"u8)) { id = Text(ref reader, value); }
            else if (Is(ref reader, "name"u8)) { name = Text(ref reader, value); }
            else if (Is(ref reader, "roles"u8)) { roles = Texts(ref reader, value); }
            else if (Is(ref reader, "spendingKinds"u8)) { kinds = Texts(ref reader, value); }
            else if (Is(ref reader, "protectedInCuts"u8)) { protectedInCuts = Flag(ref reader, value); }
            else { throw new NotSure(); }
        }

        Complete(walk);
        return new OwnDesignElement { Id = id!, Name = name!, Roles = roles, SpendingKinds = kinds, ProtectedInCuts = protectedInCuts };
    }

    private static Practices Practices(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        var walk = Object(ref reader, slot);
        var d = PracticesDefaults;
        var (grading, progression, multiAge, lab, reclassified, teachersFirst, purchases) =
            (d.StandardsBasedGrading, d.CompetencyBasedProgression, d.MultiAgeGrouping, d.LabBlockSchedule, d.ReclassifiedPositions, d.TeachersCutBeforeSupportStaff, d.NonStandardPurchases);
        while (Next(ref reader, ref walk, out var value))
        {
            if (Is(ref reader, "standardsBasedGrading"u8)) { grading = Flag(ref reader, value); }
            else if (Is(ref reader, "competencyBasedProgression"u8)) { progression = Flag(ref reader, value); }
            else if (Is(ref reader, "multiAgeGrouping"u8)) { multiAge = Flag(ref reader, value); }
            else if (Is(ref reader, "labBlockSchedule"u8)) { lab = Flag(ref reader, value); }
            else if (Is(ref reader, "reclassifiedPositions"u8)) { reclassified = Flag(ref reader, value); }
            else if (Is(ref reader, "teachersCutBeforeSupportStaff"u8)) { teachersFirst = Flag(ref reader, value); }
            else if (Is(ref reader, "nonStandardPurchases"u8)) { purchases = List(ref reader, value, Purchase); }
            else { throw new NotSure(); }
        }

        Complete(walk);
        return new Practices
        {
            StandardsBasedGrading = grading, CompetencyBasedProgression = progression, MultiAgeGrouping = multiAge, LabBlockSchedule = lab,
            ReclassifiedPositions = reclassified, TeachersCutBeforeSupportStaff = teachersFirst, NonStandardPurchases = purchases,
        };
    }

    private static NonStandardPurchase Purchase(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        var (item, amount) = TextAndAmount(ref reader, slot, "item"u8);
        return new NonStandardPurchase(item, amount);
    }

    private delegate T Item<T>(ref Utf8JsonReader reader, FastSchema.Slot slot);

    /// <summary>An object's checks, begun on its opening brace.</summary>
    private static FastSchema.ObjectWalk Object(ref Utf8JsonReader reader, FastSchema.Slot slot) =>
        slot.TryObject(ref reader, out var walk) ? walk : throw new NotSure();

    /// <summary>At an object's closing brace: every required property was there.</summary>
    private static void Complete(in FastSchema.ObjectWalk walk)
    {
        if (!walk.Complete())
        {
            throw new NotSure();
        }
    }

    /// <summary>Moves to the object's next property name and its value's slot; false at its closing brace.</summary>
    private static bool Next(ref Utf8JsonReader reader, ref FastSchema.ObjectWalk walk, out FastSchema.Slot value)
    {
        value = default;
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
        {
            return false;
        }

        return walk.TryProperty(ref reader, out value) ? true : throw new NotSure();
    }

    /// <summary>An array's items, the reader on the property's name; each item read by <paramref name="item"/> from its first token.</summary>
    private static List<T> Items<T>(ref Utf8JsonReader reader, FastSchema.Slot slot, JsonTokenType kind, Item<T> item)
    {
        reader.Read();
        if (!slot.TryArray(ref reader, out var walk))
        {
            throw new NotSure();
        }

        var list = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != kind || !walk.TryItem(ref reader, out var itemSlot))
            {
                throw new NotSure();
            }

            list.Add(item(ref reader, itemSlot));
        }

        return walk.Complete() ? list : throw new NotSure();
    }

    /// <summary>A list of objects, each read by <paramref name="item"/> from its opening brace.</summary>
    private static List<T> List<T>(ref Utf8JsonReader reader, FastSchema.Slot slot, Item<T> item) => Items(ref reader, slot, JsonTokenType.StartObject, item);

    private static List<string> Texts(ref Utf8JsonReader reader, FastSchema.Slot slot) => Items(ref reader, slot, JsonTokenType.String, TextHere);

    private static List<int> Wholes(ref Utf8JsonReader reader, FastSchema.Slot slot) => Items(ref reader, slot, JsonTokenType.Number, WholeHere);

    /// <summary>An object of amounts by name (start-up funds), the reader on its opening brace.</summary>
    private static Dictionary<string, decimal> Amounts(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        var walk = Object(ref reader, slot);
        var amounts = new Dictionary<string, decimal>();
        while (Next(ref reader, ref walk, out var value))
        {
            var name = reader.GetString()!;
            amounts[name] = Number(ref reader, value);
        }

        Complete(walk);
        return amounts;
    }

    /// <summary>Whether the property is this name, compared as the text it stands for (an escaped name included).</summary>
    private static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) =>
        reader.ValueIsEscaped ? reader.ValueTextEquals(name) : reader.ValueSpan.SequenceEqual(name);

    /// <summary>A value no field holds ($schema), checked and passed over.</summary>
    private static void Skip(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        reader.Read();
        if (!slot.Accepts(ref reader))
        {
            throw new NotSure();
        }
    }

    private static string Text(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        reader.Read();
        return TextHere(ref reader, slot);
    }

    private static string TextHere(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        StringHere(ref reader, slot);
        return reader.GetString()!;
    }

    /// <summary>The reader is on a string the schema accepts at this place; else the profile is not surely valid.</summary>
    private static void StringHere(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        if (reader.TokenType != JsonTokenType.String || !slot.Accepts(ref reader))
        {
            throw new NotSure();
        }
    }

    /// <summary>
    /// A value that repeats from item to item and school to school (a role, a category, a funding source, a kind, a
    /// grant id): the string made the last time these bytes were read on this thread, if they were, else a new one.
    /// A profile of 77 positions reads some 230 such values, a handful of them distinct; sharing them saves making
    /// each (and turning its bytes into UTF-16), and lets later comparisons of equal values stop at the reference.
    /// </summary>
    private static string Shared(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        reader.Read();
        StringHere(ref reader, slot);
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > SharedMaxBytes)
        {
            return reader.GetString()!;
        }

        // The slot is chosen from the length and three bytes (the values are few and differ there); the bytes are then
        // compared in full, so two values on one slot only take turns.
        var bytes = reader.ValueSpan;
        var hash = bytes.Length == 0 ? 0u : (uint)(bytes.Length * 7919 + bytes[0] * 31 + bytes[^1] * 131 + bytes[bytes.Length / 2] * 1031);
        var values = t_shared ??= new (byte[] Bytes, string Text)[SharedSlots];
        ref var entry = ref values[hash % SharedSlots];
        if (entry.Bytes is { } known && bytes.SequenceEqual(known))
        {
            return entry.Text;
        }

        // Made as any other value is (invalid UTF-8 is refused the same way), and kept in place of what was there.
        var text = reader.GetString()!;
        entry = (bytes.ToArray(), text);
        return text;
    }

    private const int SharedMaxBytes = 64;

    private const uint SharedSlots = 509;

    [ThreadStatic]
    private static (byte[] Bytes, string Text)[]? t_shared;

    private static decimal Number(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && slot.AcceptsNumber(ref reader, out var number) ? number : throw new NotSure();
    }

    private static int Whole(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        reader.Read();
        return WholeHere(ref reader, slot);
    }

    private static int WholeHere(ref Utf8JsonReader reader, FastSchema.Slot slot) =>
        reader.TokenType == JsonTokenType.Number && slot.AcceptsNumber(ref reader, out _) && reader.TryGetInt32(out var whole) ? whole : throw new NotSure();

    private static bool Flag(ref Utf8JsonReader reader, FastSchema.Slot slot)
    {
        reader.Read();
        return reader.TokenType is JsonTokenType.True or JsonTokenType.False && slot.Accepts(ref reader) ? reader.GetBoolean() : throw new NotSure();
    }
}
