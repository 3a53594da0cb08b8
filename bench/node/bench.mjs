// The eight shipped district blocker rules (rules/policy-blockers.json), written for json-rules-engine and for
// GoRules zen-engine, timed on the same school facts PluginHost evaluates. Prints one JSON line of results.
import { readFileSync } from 'node:fs';
import { Engine } from 'json-rules-engine';
import { ZenEngine } from '@gorules/zen-engine';

const facts = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const iterations = Number(process.argv[3] ?? 2000);

const is = (fact, path, value) => ({ fact, path: `$.${path}`, operator: 'equal', value });
const above = (fact, path, value) => ({ fact, path: `$.${path}`, operator: 'greaterThan', value });
const rules = [
  ['SeatTimeBlocksCompetencyProgression', { all: [is('policy', 'seatTimeRequired', true), is('school', 'competencyBasedProgression', true), is('policy', 'schoolInCompetencyPilot', false)] }],
  ['LetterGradesBlockStandardsBasedGrading', { all: [is('policy', 'letterGradesRequired', true), is('school', 'standardsBasedGrading', true)] }],
  ['NonStandardPurchasesSlowed', { all: [above('school', 'nonStandardPurchaseCount', 0), { any: [is('policy', 'nonStandardPurchasesAllowed', false), above('policy', 'procurementApprovalDays', 30)] }] }],
  ['BudgetFlexibilityMissing', { all: [is('policy', 'budgetFlexibility', false), above('school', 'designElementCount', 0)] }],
  ['StaffingFlexibilityMissing', { all: [is('policy', 'staffingFlexibility', false), { any: [above('school', 'teacherLeaderFte', 0), above('school', 'instructionalSupportFte', 0), is('school', 'reclassifiedPositions', true)] }] }],
  ['PositionDescriptionFlexibilityMissing', { all: [is('policy', 'positionDescriptionFlexibility', false), { any: [is('school', 'reclassifiedPositions', true), above('school', 'teacherLeaderFte', 0)] }] }],
  ['SchedulingFlexibilityMissingForMultiAge', { all: [is('policy', 'schedulingFlexibility', false), is('school', 'multiAgeGrouping', true)] }],
  ['RecurringCostPaidByOneTimeMoney', { all: [above('school', 'recurringCostOnOneTimeMoney', 0)] }],
];

const jre = new Engine(rules.map(([name, conditions]) => ({ name, conditions, event: { type: name } })), { allowUndefinedFacts: true });
const firedByJre = async (f) => (await jre.run({ school: f.school, policy: f.policy })).events.map((e) => e.type).sort();

const zenExpressions = {
  SeatTimeBlocksCompetencyProgression: 'policy.seatTimeRequired and school.competencyBasedProgression and not policy.schoolInCompetencyPilot',
  LetterGradesBlockStandardsBasedGrading: 'policy.letterGradesRequired and school.standardsBasedGrading',
  NonStandardPurchasesSlowed: 'school.nonStandardPurchaseCount > 0 and (not policy.nonStandardPurchasesAllowed or policy.procurementApprovalDays > 30)',
  BudgetFlexibilityMissing: 'not policy.budgetFlexibility and school.designElementCount > 0',
  StaffingFlexibilityMissing: 'not policy.staffingFlexibility and (school.teacherLeaderFte > 0 or school.instructionalSupportFte > 0 or school.reclassifiedPositions)',
  PositionDescriptionFlexibilityMissing: 'not policy.positionDescriptionFlexibility and (school.reclassifiedPositions or school.teacherLeaderFte > 0)',
  SchedulingFlexibilityMissingForMultiAge: 'not policy.schedulingFlexibility and school.multiAgeGrouping',
  RecurringCostPaidByOneTimeMoney: 'school.recurringCostOnOneTimeMoney > 0',
};
const graph = {
  nodes: [
    { id: 'in', type: 'inputNode', name: 'Request', position: { x: 0, y: 0 } },
    {
      id: 'blockers', type: 'expressionNode', name: 'Blockers', position: { x: 200, y: 0 },
      content: { expressions: Object.entries(zenExpressions).map(([key, value], i) => ({ id: `e${i}`, key, value })) },
    },
    { id: 'out', type: 'outputNode', name: 'Response', position: { x: 400, y: 0 } },
  ],
  edges: [
    { id: 'a', sourceId: 'in', targetId: 'blockers', type: 'edge' },
    { id: 'b', sourceId: 'blockers', targetId: 'out', type: 'edge' },
  ],
};
const zen = new ZenEngine();
const decision = zen.createDecision(graph);
const firedByZen = async (f) => {
  const { result } = await decision.evaluate({ school: f.school, policy: f.policy });
  return Object.entries(result).filter(([, v]) => v === true).map(([k]) => k).sort();
};

async function time(evaluate) {
  for (let i = 0; i < Math.min(200, iterations); i++) for (const f of facts) await evaluate(f);
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) for (const f of facts) await evaluate(f);
  return Number(process.hrtime.bigint() - start) / 1000 / (iterations * facts.length);
}

// The engines must agree with PluginHost before their times mean anything.
const disagreements = [];
for (const f of facts) {
  const expected = [...f.expected].sort().join(',');
  for (const [engine, fired] of [['json-rules-engine', await firedByJre(f)], ['zen-engine', await firedByZen(f)]]) {
    if (fired.join(',') !== expected) disagreements.push(`${engine} on ${f.school.id}: ${fired.join(',')} instead of ${expected}`);
  }
}
if (disagreements.length > 0) {
  console.error(disagreements.join('\n'));
  process.exit(1);
}

console.log(JSON.stringify({ 'json-rules-engine': await time(firedByJre), 'zen-engine': await time(firedByZen), schools: facts.length, iterations }));
