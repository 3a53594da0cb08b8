namespace PluginHost.Diagnostics;

/// <summary>
/// Every error code the tool reports, in one place. The README's table is written from this list; a test keeps
/// the two in step.
/// </summary>
internal static class ErrorCodes
{
    // PH1xxx: profiles, policies, rosters.
    public const string InputNotJson = "PH1001";
    public const string ProfileSchema = "PH1002";
    public const string PolicySchema = "PH1003";
    public const string InputInconsistent = "PH1004";
    public const string ArchetypeFinding = "PH1005";
    public const string RosterInvalid = "PH1006";
    public const string PolicySetting = "PH1007";
    public const string WorkspaceSettings = "PH1008";
    public const string OverrideInvalid = "PH1009";

    // PH2xxx: rules.
    public const string RuleFileInvalid = "PH2001";
    public const string RuleSchema = "PH2002";
    public const string RuleCompile = "PH2003";
    public const string RuleRefusedMember = "PH2004";
    public const string RuleDuplicateName = "PH2005";
    public const string RuleErrored = "PH2006";
    public const string RuleExplanation = "PH2007";
    public const string RuleUnknownRecommendation = "PH2008";
    public const string RuleFixtureFailed = "PH2009";
    public const string RuleCutPriorityConflict = "PH2010";

    // PH3xxx: plugins.
    public const string PluginMissing = "PH3001";
    public const string PluginManifest = "PH3002";
    public const string PluginContractVersion = "PH3003";
    public const string PluginEntryAssembly = "PH3004";
    public const string PluginDuplicateArchetype = "PH3005";
    public const string PluginLoadFault = "PH3006";
    public const string PluginRunFault = "PH3007";
    public const string PluginNotTrusted = "PH3008";
    public const string PluginFolderUnsafe = "PH3009";
    public const string PluginBuildFailed = "PH3010";

    // PH4xxx: templates.
    public const string TemplateParse = "PH4001";
    public const string TemplateRender = "PH4002";
    public const string TemplateMissing = "PH4003";

    // PH5xxx: usage and file system.
    public const string Usage = "PH5001";
    public const string PathNotFound = "PH5002";
    public const string WriteFailed = "PH5003";
    public const string ChromiumMissing = "PH5004";
    public const string Internal = "PH5005";
    public const string WorkspaceFolder = "PH5006";
    public const string NotWatched = "PH5007";

    public static IReadOnlyList<(string Code, string Meaning)> All { get; } =
    [
        (InputNotJson, "a profile, policy or mapping file is not valid JSON, or not UTF-8 text (the first bad byte is named)"),
        (ProfileSchema, "a school profile breaks its JSON Schema"),
        (PolicySchema, "a district policy breaks its JSON Schema"),
        (InputInconsistent, "a profile's values contradict each other (restricted position on general money, grant ending before it starts, unknown grant id), or two profiles of a district share a school id (the first in name order is the school; the other is named)"),
        (ArchetypeFinding, "a profile does not fit one of its archetypes (reported by the plugin)"),
        (RosterInvalid, "a roster, enrollment, attributes or mapping file cannot be read (not UTF-8 text and no legacyEncoding in the mapping: the first bad byte is named), or a row of it is refused"),
        (PolicySetting, "impact --set names a policy field that does not exist, or gives it a value the policy schema refuses"),
        (WorkspaceSettings, "a workspace's pluginhost.json is not valid JSON or breaks its schema"),
        (OverrideInvalid, "a school's saved cut package (overrides/<id>.json) breaks its schema or names an item the school does not have"),
        (RuleFileInvalid, "a rules file is not valid JSON or not a RulesEngine workflow"),
        (RuleSchema, "a rule lacks a field or has a property of the wrong kind"),
        (RuleCompile, "a rule expression does not compile"),
        (RuleRefusedMember, "a rule expression uses a type or member outside the allow-list"),
        (RuleDuplicateName, "a rule name is defined twice (district and plugin, or two files)"),
        (RuleErrored, "a rule threw while it was evaluated (reported as errored, never as false)"),
        (RuleExplanation, "a rule's explanation template does not compile"),
        (RuleUnknownRecommendation, "a rule links a recommendation id the catalog does not have"),
        (RuleFixtureFailed, "a rule test fixture's expectation was not met"),
        (RuleCutPriorityConflict, "two fired cut-priority rules set one category and neither says it replaces the other"),
        (PluginMissing, "no installed plugin serves an archetype a profile names"),
        (PluginManifest, "a plugin's plugin.json is missing or invalid"),
        (PluginContractVersion, "a plugin was built against a contract version the host does not support"),
        (PluginEntryAssembly, "a plugin's entry assembly is missing or has no archetype type"),
        (PluginDuplicateArchetype, "two plugins claim the same archetype"),
        (PluginLoadFault, "a plugin threw while it was loaded"),
        (PluginRunFault, "a plugin threw while it evaluated a school"),
        (PluginNotTrusted, "a plugin is not pinned in plugins.lock.json, or its files changed since it was pinned"),
        (PluginFolderUnsafe, "a plugin folder reaches outside itself (a symlink, an entry assembly path) or holds an unreadable or oversized file"),
        (PluginBuildFailed, "a plugin source folder did not build (dotnet publish failed)"),
        (TemplateParse, "a template does not parse"),
        (TemplateRender, "a template failed while rendering (for example a misspelled field)"),
        (TemplateMissing, "a template or partial cannot be found"),
        (Usage, "a command-line argument is missing, mistyped (the command or option most likely meant is named) or out of range"),
        (PathNotFound, "a file or folder named on the command line does not exist, or a profiles folder holds no profiles of its own (its subfolders with .json files are named)"),
        (WriteFailed, "an output file could not be written"),
        (ChromiumMissing, "--format pdf found no Chromium (install the Debian package chromium, or pass --chromium PATH)"),
        (Internal, "a fault in PluginHost itself failed one school (the run went on) or stopped a command, named in one line without a stack trace (please report it)"),
        (WorkspaceFolder, "init was given a folder that is not empty, or a command needs a workspace and none was found"),
        (NotWatched, "a folder could not be watched for changes (most often the system's limit on file watchers); a run goes on without reloading it, watch without re-rendering for it"),
    ];
}
