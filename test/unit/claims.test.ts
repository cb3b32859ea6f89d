import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { compromiseOptions } from '../../src/entities/nlp';
import { analyzeDocument } from '../../src/pipeline';
import { extractClaims, type Claim, type ClaimEntity } from '../../src/related/claims';

// Entities as the extractor would hand them over: key, canonical name, type, and the surface forms
// seen in the text. The sentences below are our own.
const ent = (key: string, name: string, type: string, ...mentionTexts: string[]): ClaimEntity => ({ key, name, type, mentionTexts });
const E = {
  anthropic: ent('anthropic', 'Anthropic', 'company'),
  alibaba: ent('alibaba', 'Alibaba Group', 'company', 'Alibaba'),
  alibabaCloud: ent('alibaba-cloud', 'Alibaba Cloud', 'company'),
  openai: ent('openai', 'OpenAI', 'company'),
  deepseek: ent('deepseek', 'DeepSeek', 'company'),
  nvidia: ent('nvidia', 'Nvidia', 'company'),
  huawei: ent('huawei', 'Huawei', 'company'),
  amazon: ent('amazon', 'Amazon', 'company'),
  google: ent('google', 'Google', 'company'),
  claude: ent('claude', 'Claude', 'model'),
  qwen: ent('qwen', 'Qwen', 'model'),
  chatgpt: ent('chatgpt', 'ChatGPT', 'model'),
  bis: ent('bis', 'Bureau of Industry and Security', 'agency', 'BIS'),
  commerce: ent('us-commerce-department', 'U.S. Department of Commerce', 'agency', 'Commerce Department'),
  ftc: ent('ftc', 'Federal Trade Commission', 'agency', 'FTC'),
  garante: ent('garante', 'Garante per la protezione dei dati personali', 'agency', 'Garante'),
  parliament: ent('european-parliament', 'European Parliament', 'agency'),
  aiAct: ent('eu-ai-act', 'EU AI Act', 'policy', 'AI Act'),
  ndcal: ent('ndcal', 'U.S. District Court for the Northern District of California', 'organization', 'Northern District of California'),
  judge: ent('person:Miriam Osei', 'Miriam Osei', 'person'),
  amodei: ent('dario-amodei', 'Dario Amodei', 'person'),
  reuters: ent('reuters', 'Reuters', 'outlet'),
};
const ALL = Object.values(E);

type Expected = [kind: Claim['kind'], actor: string, target: string | null];
const brief = (cs: Claim[]): Expected[] => cs.map((c) => [c.kind, c.actor, c.target]);

describe('extractClaims: cue sentences', () => {
  const cases: [string, Expected[]][] = [
    // accusations, active and passive
    ['Anthropic on Monday accused Alibaba of distilling Claude into its Qwen models.', [['accused', 'anthropic', 'alibaba']]],
    ['Alibaba was accused by Anthropic of training Qwen on answers from Claude.', [['accused', 'anthropic', 'alibaba']]],
    ['Anthropic and OpenAI accused DeepSeek of copying their models.', [['accused', 'anthropic', 'deepseek'], ['accused', 'openai', 'deepseek']]],
    ['Anthropic, which is backed by Amazon and Google, accused Alibaba of distillation.', [['accused', 'anthropic', 'alibaba']]],
    ['Anthropic, which sued Alibaba last week, declined to comment.', [['sued', 'anthropic', 'alibaba']]],
    ['The FTC, which fined OpenAI in 2025, opened an inquiry into DeepSeek.', [['fined', 'ftc', 'openai'], ['investigating', 'ftc', 'deepseek']]],
    ['The lawsuit, filed by Anthropic in the Northern District of California, accuses Alibaba of breach of contract.', [['accused', 'anthropic', 'alibaba']]],
    ['In its complaint, OpenAI alleged that DeepSeek had used thousands of fake accounts.', [['accused', 'openai', 'deepseek']]],
    // denials
    ['Alibaba denied the allegations on Thursday, saying Qwen was built independently.', [['denied', 'alibaba', null]]],
    ['Alibaba Cloud rejected Anthropic’s claims as baseless.', [['denied', 'alibaba-cloud', 'anthropic']]],
    ['DeepSeek denied any wrongdoing.', [['denied', 'deepseek', null]]],
    // lawsuits and settlements
    ['Anthropic sued Alibaba in federal court on Tuesday.', [['sued', 'anthropic', 'alibaba']]],
    ['OpenAI filed a lawsuit against DeepSeek in the Northern District of California.', [['sued', 'openai', 'deepseek']]],
    ['DeepSeek was sued by OpenAI in San Francisco.', [['sued', 'openai', 'deepseek']]],
    ['Anthropic and Alibaba reached a settlement that ends the case.', [['settled', 'anthropic', 'alibaba']]],
    ['Anthropic settled its lawsuit against Alibaba for an undisclosed sum.', [['settled', 'anthropic', 'alibaba']]],
    // authorities acting
    ['The Bureau of Industry and Security opened an investigation into Alibaba Cloud last week.', [['investigating', 'bis', 'alibaba-cloud']]],
    ['Alibaba is under investigation by the Commerce Department, two people said.', [['investigating', 'us-commerce-department', 'alibaba']]],
    ['The FTC is examining whether OpenAI misled consumers about ChatGPT.', [['investigating', 'ftc', 'openai']]],
    ['Judge Miriam Osei ruled that Anthropic could pursue its contract claims.', [['ruled', 'person:Miriam Osei', 'anthropic']]],
    ['The U.S. District Court for the Northern District of California granted Anthropic’s request for a preliminary injunction.', [['ruled', 'ndcal', 'anthropic']]],
    ['Italy’s Garante fined OpenAI 15 million euros over how ChatGPT handled personal data.', [['fined', 'garante', 'openai']]],
    ['The Commerce Department added Huawei and 14 affiliates to the Entity List.', [['banned', 'us-commerce-department', 'huawei']]],
    ['Alibaba Cloud was added to the Entity List by the Commerce Department.', [['banned', 'us-commerce-department', 'alibaba-cloud']]],
    ['The European Parliament approved the AI Act by a wide margin.', [['approved', 'european-parliament', 'eu-ai-act']]],
    ['The Commerce Department approved licences for Nvidia to ship the chips.', [['approved', 'us-commerce-department', 'nvidia']]],

    // no claim: no entity does the accusing, or the word means something else
    ['Analysts accused the market of overreacting to the Qwen launch.', []],
    ['The border agency denied entry to two Alibaba engineers.', []],
    ['Alibaba rejected the offer from Anthropic.', []],
    ['The dust has settled on the Nvidia earnings season.', []],
    ['The accused company, Alibaba, said it would cooperate with the Commerce Department.', []],
    ['Reuters accused nobody; it reported that Alibaba shares fell.', []],
    // no claim: negated, conditional, modal, or a question
    ['Anthropic has not accused Alibaba of breaking any law.', []],
    ['“If Anthropic ever sued Alibaba, the case would take years,” one lawyer said.', []],
    ['“Regulators may one day fine labs like Alibaba for this,” an analyst said.', []],
    ['“We would sue anyone who copied Claude,” Dario Amodei said.', []],
    ['Would the FTC ever fine OpenAI over ChatGPT?', []],
    ['It is unclear whether the BIS has investigated Alibaba at all.', []],
    // no claim: the actor is not the one acting, or not an authority
    ['Anthropic said that engineers at Alibaba accused OpenAI of hypocrisy.', []],
    ['OpenAI was fined.', []],
    ['Nvidia, which the FTC investigated last year, announced a buyback.', []],
    ['Nvidia banned employees from using Claude at work.', []],
    ['The court dismissed nothing; Anthropic and Alibaba are still in settlement talks.', []],
  ];

  it.each(cases)('%s', (sentence, expected) => {
    expect(brief(extractClaims(sentence, ALL))).toEqual(expected);
  });

  it('keeps the sentence, trimmed, and names both sides', () => {
    const [c] = extractClaims('  Anthropic sued Alibaba on Tuesday.  \n', ALL);
    expect(c).toEqual({ kind: 'sued', actor: 'anthropic', actorName: 'Anthropic', target: 'alibaba', targetName: 'Alibaba Group', sentence: 'Anthropic sued Alibaba on Tuesday.' });
  });

  it('reports each kind, actor and target once per article, from the first sentence that says it', () => {
    const text = 'Anthropic accused Alibaba of distillation. Alibaba denied it all. Anthropic again accused Alibaba of copying Claude. Alibaba denied the accusations.';
    const cs = extractClaims(text, ALL);
    expect(brief(cs)).toEqual([['accused', 'anthropic', 'alibaba'], ['denied', 'alibaba', null]]);
    expect(cs[0]!.sentence).toBe('Anthropic accused Alibaba of distillation.');
  });

  it('cuts long sentences to 240 characters', () => {
    const long = `Anthropic accused Alibaba of distilling Claude ${'through a long chain of resellers and rented accounts '.repeat(8)}before the release.`;
    const [c] = extractClaims(long, ALL);
    expect(c!.kind).toBe('accused');
    expect(c!.sentence.length).toBeLessThanOrEqual(240);
    expect(c!.sentence.endsWith('…')).toBe(true);
  });

  it('finds nothing without entities, and only among the entities given', () => {
    expect(extractClaims('Anthropic accused Alibaba of distillation.', [])).toEqual([]);
    expect(extractClaims('Anthropic accused Alibaba of distillation.', [E.anthropic])).toEqual([]);
    expect(extractClaims('', ALL)).toEqual([]);
  });
});

describe('extractClaims: the thread fixtures, on real extraction', () => {
  const DIR = fileURLToPath(new URL('../fixtures/thread/', import.meta.url));
  const claimsOf = (file: string): Expected[] => {
    const { document } = parseHTML(readFileSync(DIR + file, 'utf8'));
    const r = analyzeDocument(document as unknown as Document, compromiseOptions);
    const entities = r.entities.map((e) => ({ name: e.name, type: e.type, key: e.kbId ?? `${e.type}:${e.name}`, mentionTexts: e.mentions.map((m) => m.text) }));
    return brief(extractClaims(r.article.text, entities));
  };

  it('1: Anthropic accuses Alibaba', () => {
    expect(claimsOf('thread-1.html')).toEqual([['accused', 'anthropic', 'alibaba']]);
  });

  it('2: Alibaba denies', () => {
    expect(claimsOf('thread-2.html')).toEqual([['denied', 'alibaba', null]]);
  });

  it('3: the Bureau of Industry and Security opens an inquiry; the accusation and denial are recapped', () => {
    expect(claimsOf('thread-3.html')).toEqual([
      ['investigating', 'bis', 'alibaba-cloud'],
      ['accused', 'anthropic', 'alibaba'],
      ['denied', 'alibaba', null],
    ]);
  });

  it('4: Anthropic sues Alibaba; the inquiry goes on', () => {
    expect(claimsOf('thread-4.html')).toEqual([
      ['sued', 'anthropic', 'alibaba'],
      ['accused', 'anthropic', 'alibaba'],
      ['denied', 'alibaba', null],
      ['investigating', 'bis', null],
    ]);
  });

  it('5: the two settle', () => {
    expect(claimsOf('thread-5.html')).toEqual([['settled', 'anthropic', 'alibaba']]);
  });

  it('the unrelated story: the Commerce Department approves TSMC’s grant, and nobody accuses anyone', () => {
    expect(claimsOf('unrelated.html')).toEqual([['approved', 'us-commerce-department', 'tsmc']]);
  });
});
