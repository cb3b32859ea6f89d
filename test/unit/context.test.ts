import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/entities/extract';
import { compromiseOptions } from '../../src/entities/nlp';
import type { Analysis, Entity } from '../../src/entities/types';
import { toJson } from '../../src/cli/main';

/**
 * Every ambiguous mention decided on its own context (issue #12): each case that must not link is
 * paired with its look-alike that must. All sentences are written for these tests, inside a
 * paragraph about AI, so the page being about AI is never what decides.
 */

const aiArticle = (sentence: string): string =>
  `AI labs are racing to release new language models this year. ${sentence} Analysts expect more chatbot launches from AI companies before the summer.`;

const cache = new Map<string, Analysis>();
const analyze = (text: string): Analysis => {
  let r = cache.get(text);
  if (!r) cache.set(text, (r = analyzeText(text, '', compromiseOptions)));
  return r;
};

/** Entities with a mention overlapping the `nth` occurrence of `surface`. */
function entitiesAt(r: Analysis, text: string, surface: string, nth = 0): Entity[] {
  let at = -1;
  for (let k = 0; k <= nth; k++) at = text.indexOf(surface, at + 1);
  if (at < 0) throw new Error(`test bug: "${surface}" not in "${text}"`);
  const end = at + surface.length;
  return r.entities.filter((e) => e.mentions.some((m) => m.start < end && at < m.end));
}

const show = (r: Analysis): string => r.entities.map((e) => `${e.name}<${e.type}:${e.kbId ?? '-'}>[${e.why.join(',')}]${e.role ? `(${e.role})` : ''}`).join('; ');

interface Pair {
  label: string;
  kbId: string;
  /** A sentence where the name means the entity: it must link. */
  links: string;
  /** A look-alike sentence where it does not: nothing over `surface` may link to kbId. */
  not: string;
  surface: string;
  /** Where the name is in the `links` sentence, when it differs from `surface`. */
  linksSurface?: string;
  /** Which occurrence of the surface is under test (coreference cases). */
  nth?: number;
}

const pairs: Pair[] = [
  { label: 'Orion inside another company\'s name', kbId: 'gpt-4-5', links: 'OpenAI said Orion is its largest model so far.', not: 'Orion Labs Onyx is a push-to-talk badge for warehouse crews.', surface: 'Orion' },
  { label: 'a company that closed before the lab was founded', kbId: 'thinking-machines-lab', links: "Mira Murati's Thinking Machines raised a record seed round.", not: '© Thinking Machines Corporation, 1989. The old manual describes a parallel computer.', surface: 'Thinking Machines' },
  { label: 'a Claude tier word among a fan maker\'s products', kbId: 'claude', links: "Anthropic's Haiku is the smallest of its models.", not: 'A fan maker sells ceiling fans under the names Nest and Haiku.', surface: 'Haiku' },
  { label: 'X inside a game console\'s name', kbId: 'x-corp', links: "Elon Musk's X changed its rules for posts on Friday.", not: 'The Xbox One X renders games at a higher resolution.', surface: 'X', linksSurface: 'X changed', nth: 0 },
  { label: 'Fortune before a number is a list', kbId: 'fortune', links: 'Fortune reported the deal on Monday, citing two people.', not: 'Half of the Fortune 500 now pay for a chatbot.', surface: 'Fortune' },
  { label: 'Falcon beside rocket words', kbId: 'falcon', links: 'The institute in Abu Dhabi said Falcon is free for researchers.', not: 'A SpaceX Falcon 9 rocket carried the satellites to orbit.', surface: 'Falcon' },
  { label: 'Time in an idiom', kbId: 'time', links: 'The founder told Time that the model was ready.', not: 'Time will tell whether the new assistant sells.', surface: 'Time' },
  { label: 'a state senate is not the U.S. Senate', kbId: 'us-senate', links: 'The Senate passed the chip bill by a wide margin.', not: 'The California Senate passed the chatbot bill on Tuesday.', surface: 'Senate' },
  { label: "India's Supreme Court", kbId: 'us-supreme-court', links: 'The Supreme Court in Washington agreed to hear the copyright case.', not: "India's Supreme Court asked the government about deepfakes.", surface: 'Supreme Court' },
  { label: "India's Congress party", kbId: 'us-congress', links: 'Congress has not passed a federal privacy law.', not: 'The Congress party promised free chatbot lessons in Karnataka.', surface: 'Congress' },
  { label: "Korea's AI Act is not the EU's", kbId: 'eu-ai-act', links: "The EU's AI Act bans some uses of face recognition.", not: "Korea's AI Act takes effect in January.", surface: 'AI Act' },
  { label: "Europe's Chips Act is not the US CHIPS Act", kbId: 'chips-act', links: 'The CHIPS Act paid for new fabs in Arizona.', not: "Europe's Chips Act paid for a new fab in Dresden.", surface: 'Chips Act', linksSurface: 'CHIPS Act' },
  { label: 'the MIT License', kbId: 'mit', links: 'Researchers at MIT built a robot that learns from video.', not: 'The weights ship under the MIT License.', surface: 'MIT' },
  { label: 'a CNN classifier', kbId: 'cnn', links: 'CNN reported that the startup was raising money.', not: 'A CNN classifier labels the images before the language model reads them.', surface: 'CNN' },
  { label: "Donald Trump's wife", kbId: 'donald-trump', links: 'Donald Trump signed the order on Monday.', not: 'Melania Trump hosted a dinner about children and AI.', surface: 'Trump' },
  { label: "Elon Musk's brother", kbId: 'elon-musk', links: 'Elon Musk said xAI would train a larger model.', not: 'Kimbal Musk sits on the board of the carmaker.', surface: 'Musk' },
  { label: "Sam Altman's sister", kbId: 'sam-altman', links: 'Sam Altman said OpenAI would ship a new model.', not: 'Annie Altman spoke about her family on a podcast.', surface: 'Altman' },
  { label: 'an organisation named after a person', kbId: 'elon-musk', links: 'Musk said xAI would publish its weights.', not: 'The Musk Foundation gave money to a robotics school.', surface: 'Musk' },
  { label: 'a described body is still the body', kbId: 'us-senate', links: 'The bill died in the Republican Senate last year.', not: 'The bill died in the Texas Senate last year.', surface: 'Senate' },
  { label: 'a building named after a person', kbId: 'donald-trump', links: 'Donald Trump met the founders. Trump praised their model.', not: 'Donald Trump met the founders. They later toured Trump Tower.', surface: 'Trump', nth: 1 },
  { label: 'the Chan Zuckerberg Initiative', kbId: 'mark-zuckerberg', links: 'Mark Zuckerberg said Meta would spend more on data centers.', not: 'The Chan Zuckerberg Initiative funds a biology model.', surface: 'Zuckerberg' },
  {
    label: 'bare Copilot after GitHub Copilot',
    kbId: 'microsoft-copilot',
    links: 'Microsoft Copilot now answers questions in Word. Copilot can also draft emails.',
    not: 'GitHub Copilot writes code for developers. Copilot now also reviews pull requests.',
    surface: 'Copilot',
    nth: 1,
  },
];

describe('an ambiguous name is decided on its own context', () => {
  it.each(pairs)('links: $label', (c) => {
    const text = aiArticle(c.links);
    const r = analyze(text);
    expect(entitiesAt(r, text, c.linksSurface ?? c.surface, c.nth ?? 0).map((e) => e.kbId), show(r)).toContain(c.kbId);
  });
  it.each(pairs)('does not link: $label', (c) => {
    const text = aiArticle(c.not);
    const r = analyze(text);
    expect(entitiesAt(r, text, c.surface, c.nth ?? 0).map((e) => e.kbId), show(r)).not.toContain(c.kbId);
  });
});

interface Resolved {
  label: string;
  text: string;
  surface: string;
  /** The knowledge-base id it must link to, or null for found but unlinked. */
  kbId: string | null;
  type: string;
  /** A word the entity's `why` must hold: the rule that decided. */
  why: string;
}

const resolved: Resolved[] = [
  { label: 'bare Copilot links to the GitHub Copilot named before it', text: 'GitHub Copilot writes code for developers. Copilot now also reviews pull requests.', surface: 'Copilot now', kbId: 'github-copilot', type: 'model', why: 'context:coreference' },
  { label: "Europe's Chips Act is the European Chips Act", text: "Europe's Chips Act paid for a new fab in Dresden.", surface: 'Chips Act', kbId: 'eu-chips-act', type: 'policy', why: 'context:jurisdiction-eu' },
  { label: "Korea's AI Act is Korea's AI Basic Act", text: "Korea's AI Act takes effect in January.", surface: 'AI Act', kbId: 'korea-ai-basic-act', type: 'policy', why: 'context:jurisdiction-south-korea' },
  { label: 'the California Senate is found, unlinked', text: 'The California Senate passed the chatbot bill on Tuesday.', surface: 'California Senate', kbId: null, type: 'agency', why: 'context:jurisdiction-california-not-us-senate' },
  { label: 'Kimbal Musk is a person, not Elon Musk', text: 'Kimbal Musk sits on the board of the carmaker.', surface: 'Kimbal Musk', kbId: null, type: 'person', why: 'context:other-first-name' },
  { label: 'Melania Trump is a person, not Donald Trump', text: 'Melania Trump hosted a dinner about children and AI.', surface: 'Melania Trump', kbId: null, type: 'person', why: 'context:not-donald-trump' },
];

const surnamesAfterWords = [
  { label: 'after a conjunction', text: 'Though Trump said no, the lab agreed to the test.', surface: 'Trump', kbId: 'donald-trump' },
  { label: 'after an adverb', text: 'Meanwhile Musk said xAI would open its model.', surface: 'Musk', kbId: 'elon-musk' },
  { label: 'after a question word', text: 'Will Altman return to the board this year?', surface: 'Altman', kbId: 'sam-altman' },
  { label: 'after a title', text: 'President Trump signed the order on chips.', surface: 'Trump', kbId: 'donald-trump' },
];

describe('a surname after an ordinary capitalised word is still the known person', () => {
  it.each(surnamesAfterWords)('$label', (c) => {
    const text = aiArticle(c.text);
    const r = analyze(text);
    expect(entitiesAt(r, text, c.surface).map((e) => e.kbId), show(r)).toContain(c.kbId);
  });
});

describe('context rules steer, and say why', () => {
  it.each(resolved)('$label', (c) => {
    const text = aiArticle(c.text);
    const r = analyze(text);
    const e = entitiesAt(r, text, c.surface).find((x) => x.type === c.type);
    expect(e, show(r)).toBeDefined();
    expect(e!.kbId, show(r)).toBe(c.kbId);
    expect(e!.why, show(r)).toContain(c.why);
  });
});

const notPolicies = [
  { label: 'Mayor Bill de Blasio', text: 'Mayor Bill de Blasio spoke about chatbots in schools.', surface: 'Bill' },
  { label: "Fox News' Bill O'Reilly", text: "Fox News' Bill O'Reilly asked viewers about chatbots.", surface: 'Bill' },
];
const policies = [
  { label: 'the Senate Bill on chatbots', text: 'The Chatbot Safety Bill passed the committee on Tuesday.', surface: 'Chatbot Safety Bill' },
];

describe('a first name Bill is not a bill', () => {
  it.each(notPolicies)('no policy: $label', (c) => {
    const text = aiArticle(c.text);
    const r = analyze(text);
    expect(entitiesAt(r, text, c.surface).filter((e) => e.type === 'policy'), show(r)).toEqual([]);
  });
  it.each(policies)('still a policy: $label', (c) => {
    const text = aiArticle(c.text);
    const r = analyze(text);
    expect(entitiesAt(r, text, c.surface).map((e) => e.type), show(r)).toContain('policy');
  });
});

interface RoleCase {
  label: string;
  text: string;
  surface: string;
  role: 'byline' | 'credit' | undefined;
}

const story = (lines: string) => `${lines}\n\nAI labs are racing to release new language models this year, and Anthropic said Claude would get cheaper. Analysts expect more chatbot launches.`;

const roles: RoleCase[] = [
  { label: 'a byline', text: story('By Jane Roe\nMarch 3'), surface: 'Jane Roe', role: 'byline' },
  { label: 'a wire reporting line', text: story('The lab declined to comment.\nReporting by Jane Roe and Tom Poe in London; Editing by Ann Lee'), surface: 'Tom Poe', role: 'byline' },
  { label: 'the editor of a wire reporting line', text: story('The lab declined to comment.\nReporting by Jane Roe in London; Editing by Ann Lee'), surface: 'Ann Lee', role: 'byline' },
  { label: 'a photo credit', text: story('Photo: Jane Roe/Getty Images'), surface: 'Jane Roe', role: 'credit' },
  { label: 'an image credit in parentheses', text: story('The data center at night (Image credit: Tom Poe)'), surface: 'Tom Poe', role: 'credit' },
  { label: 'a person of the story has no role', text: story('Dario Amodei said the model was safer.'), surface: 'Dario Amodei', role: undefined },
  { label: 'a reporter also quoted in the story is a person of it', text: story('By Jane Roe\nJane Roe asked Dario Amodei about the model.'), surface: 'Jane Roe', role: undefined },
];

describe('bylines and credits are people of the page, with their role', () => {
  it.each(roles)('$label', (c) => {
    const r = analyze(c.text);
    const e = entitiesAt(r, c.text, c.surface).find((x) => x.type === 'person');
    expect(e, show(r)).toBeDefined();
    expect(e!.role, show(r)).toBe(c.role);
  });

  it('annotate --json carries the role, and only when there is one', () => {
    const r = analyze(roles[0]!.text);
    const json = toJson('x.html', { ...r, article: { isArticle: true, title: 't' } } as unknown as Parameters<typeof toJson>[1]);
    const jane = json.entities.find((e) => e.name === 'Jane Roe');
    expect(jane).toMatchObject({ type: 'person', role: 'byline' });
    expect(json.entities.filter((e) => e.type !== 'person').every((e) => !('role' in e))).toBe(true);
  });
});

const notPeople = [
  { label: 'a city', text: 'The team met engineers in Santa Clara on Tuesday.', surface: 'Santa Clara' },
  { label: 'an arena', text: 'The keynote filled the SAP Center on Monday evening.', surface: 'SAP Center' },
  { label: 'a chip platform', text: 'Nvidia said its Vera Rubin platform ships next year.', surface: 'Vera Rubin' },
];
const people = [
  { label: 'a person with a place-like surname', text: 'Maria Santos said the model was ready.', surface: 'Maria Santos' },
  { label: 'a person before a verb', text: 'Vera Rubin studied the rotation of galaxies, the astronomer Jane Roe said.', surface: 'Jane Roe' },
];

describe('places and platforms are not people', () => {
  it.each(notPeople)('not a person: $label', (c) => {
    const text = aiArticle(c.text);
    const r = analyze(text);
    expect(entitiesAt(r, text, c.surface).filter((e) => e.type === 'person'), show(r)).toEqual([]);
  });
  it.each(people)('still a person: $label', (c) => {
    const text = aiArticle(c.text);
    const r = analyze(text);
    expect(entitiesAt(r, text, c.surface).map((e) => e.type), show(r)).toContain('person');
  });
});
