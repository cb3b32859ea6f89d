import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/entities/extract';
import { compromiseOptions } from '../../src/entities/nlp';
import type { Analysis } from '../../src/entities/types';
import { KB_ENTITIES } from '../../src/kb/index';
import { toCards } from '../../src/analysis/cards';
import { createKnowledgeBase } from '../../src/kb/index';

/**
 * AI chips and systems (issue #12): known names linked to the knowledge base with their maker,
 * versioned codes found by shape next to a maker, a family or a chip word, and the look-alikes
 * (half-years, paper sizes, rifles, people called Rubin) that must stay what they are.
 * Every sentence is written for these tests.
 */

const aiArticle = (s: string) => `AI labs are racing to train larger language models on new hardware. ${s} Analysts expect more data-centre spending from AI companies this year.`;
const plain = (s: string) => `The town council met on Tuesday to discuss road repairs. ${s} Residents can send comments until the end of the month.`;
const analyze = (text: string): Analysis => analyzeText(text, '', compromiseOptions);
const byId = new Map(KB_ENTITIES.map((e) => [e.id, e]));

/** "type|kbId-or-name" of the entities with a mention overlapping `surface`. */
function at(text: string, surface: string): string[] {
  const r = analyze(text);
  const s = text.indexOf(surface);
  if (s < 0) throw new Error(`test bug: "${surface}" not in text`);
  return r.entities.filter((e) => e.mentions.some((m) => m.start < s + surface.length && s < m.end)).map((e) => `${e.type}|${e.kbId ?? e.name}`);
}

describe('chips in the knowledge base are typed hardware and know their maker', () => {
  it.each([
    ['Nvidia said its H100 sold out again.', 'H100', 'nvidia-h100', 'nvidia'],
    ['Cloud firms are buying the H200 by the thousand.', 'H200', 'nvidia-h200', 'nvidia'],
    ['Chinese buyers stockpiled the H20 before the licence rule.', 'H20', 'nvidia-h20', 'nvidia'],
    ['The lab trained on B200 clusters.', 'B200', 'nvidia-b200', 'nvidia'],
    ['Racks of GB200 NVL72 systems arrived in Texas.', 'GB200 NVL72', 'nvidia-gb200', 'nvidia'],
    ['The first GB300 racks shipped to a cloud provider.', 'GB300', 'nvidia-gb300', 'nvidia'],
    ['Nvidia said Blackwell demand was strong.', 'Blackwell', 'nvidia-blackwell', 'nvidia'],
    ['Nvidia said Vera Rubin would follow Blackwell.', 'Vera Rubin', 'nvidia-vera-rubin', 'nvidia'],
    ['Google rents Trillium chips to start-ups.', 'Trillium', 'google-trillium', 'google'],
    ['Google said Ironwood is built for inference.', 'Ironwood', 'google-ironwood', 'google'],
    ['Anthropic trains on Trainium chips from Amazon.', 'Trainium', 'aws-trainium', 'aws'],
    ['The startup serves its chatbot on Inferentia.', 'Inferentia', 'aws-inferentia', 'aws'],
    ['Huawei began shipping the Ascend 910C to Chinese clouds.', 'Ascend 910C', 'huawei-ascend-910c', 'huawei'],
    ['An older Ascend 910B cluster was retired.', 'Ascend 910B', 'huawei-ascend-910b', 'huawei'],
    ['AMD sold the MI300X to Microsoft.', 'MI300X', 'amd-mi300x', 'amd'],
    ['The MI325X doubled memory.', 'MI325X', 'amd-mi325x', 'amd'],
    ['Oracle deployed the MI355X.', 'MI355X', 'amd-mi355x', 'amd'],
    ['Intel priced Gaudi 3 below its rivals.', 'Gaudi 3', 'intel-gaudi-3', 'intel'],
    ['Cerebras builds the WSE-3 from a whole wafer.', 'WSE-3', 'cerebras-wse-3', 'cerebras'],
    ['Nvidia said Rubin CPX targets million-token contexts.', 'Rubin CPX', 'nvidia-rubin-cpx', 'nvidia'],
    ['The Vera Rubin NVL144 rack is due next year.', 'Vera Rubin NVL144', 'nvidia-vera-rubin-nvl144', 'nvidia'],
    ['Nvidia put Feynman on its roadmap after Rubin.', 'Feynman', 'nvidia-feynman', 'nvidia'],
    ['Each rack pairs Rubin GPUs with Vera CPUs.', 'Vera CPUs', 'nvidia-vera', 'nvidia'],
    ['Developers bought the DGX Spark to run models at home.', 'DGX Spark', 'nvidia-dgx-spark', 'nvidia'],
    ['The humanoid runs its model on Jetson Thor.', 'Jetson Thor', 'nvidia-jetson-thor', 'nvidia'],
    ['AMD said Helios racks will ship to OpenAI.', 'Helios', 'amd-helios', 'amd'],
    ['OpenAI will deploy the MI450 next year.', 'MI450', 'amd-mi450', 'amd'],
    ['Intel said Crescent Island will sample late next year.', 'Crescent Island', 'intel-crescent-island', 'intel'],
    ['Anthropic trained on Trainium3 chips.', 'Trainium3', 'aws-trainium3', 'aws'],
    ['Microsoft said Maia 200 serves GPT models in Azure.', 'Maia 200', 'microsoft-maia-200', 'microsoft'],
    ['Google said TPU 8i serves its agents at lower latency.', 'TPU 8i', 'google-tpu-8i', 'google'],
    ['Tesla taped out its AI5 chip in April.', 'AI5', 'tesla-ai5', 'tesla'],
    ['d-Matrix began shipping Corsair cards to cloud buyers.', 'Corsair', 'd-matrix-corsair', 'd-matrix'],
    ['Microsoft said Maia chips run Copilot workloads.', 'Maia', 'microsoft-maia', 'microsoft'],
    ['Meta runs ranking models on MTIA chips.', 'MTIA', 'meta-mtia', 'meta'],
    ['Huawei said the Ascend 950PR ships in the first quarter.', 'Ascend 950PR', 'huawei-ascend-950', 'huawei'],
    ['Chinese labs rent the CloudMatrix 384 from Huawei Cloud.', 'CloudMatrix 384', 'huawei-cloudmatrix-384', 'huawei'],
    ['Google offered TPU v5e to start-ups.', 'TPU v5e', 'google-tpu-v5e', 'google'],
    ['Qualcomm said the AI200 will ship in racks.', 'AI200', 'qualcomm-ai200', 'qualcomm'],
    ['Groq serves open models on its LPU chips.', 'LPU', 'groq-lpu', 'groq'],
    ['The lab trained the model on a Cerebras CS-3 cluster.', 'Cerebras CS-3', 'cerebras-cs-3', 'cerebras'],
    ['SambaNova said the SN40L runs DeepSeek quickly.', 'SN40L', 'sambanova-sn40l', 'sambanova'],
    ['Studios fine-tune models on the RTX Pro 6000.', 'RTX Pro 6000', 'nvidia-rtx-pro-6000', 'nvidia'],
  ])('%s → %s', (sentence, surface, id, maker) => {
    const text = aiArticle(sentence);
    expect(at(text, surface)).toContain(`hardware|${id}`);
    expect(byId.get(id)?.facts?.['maker']).toBe(maker);
  });

  it('the maker is its own mention, not swallowed by the chip ("Nvidia H100": Nvidia and H100)', () => {
    const text = aiArticle('Nvidia H100 prices fell.');
    expect(at(text, 'Nvidia')).toEqual(['company|nvidia']);
    expect(at(text, 'H100')).toEqual(['hardware|nvidia-h100']);
  });

  it('a named export ban stays the policy, with the chip name inside it', () => {
    const text = aiArticle('The H20 export ban cost Nvidia billions.');
    expect(at(text, 'H20 export ban')).toEqual(['policy|H20 export ban']);
  });

  it('the card of a shape-found chip names the maker beside it', () => {
    const r = analyze(aiArticle("Nvidia's B400 will follow next year."));
    const card = toCards(r, createKnowledgeBase()).find((c) => c.name === 'B400');
    expect(card?.type).toBe('hardware');
    expect(card?.maker).toBe('Nvidia');
  });
});

describe('versioned chip codes not in the knowledge base are found by shape where safe', () => {
  it.each([
    ["Nvidia's B400 will follow next year.", 'B400', null],
    ['AMD MI500 samples reached customers.', 'MI500', null],
    ['Rivals are testing R100 GPUs already.', 'R100', null],
    ['The MI600 accelerator was delayed.', 'MI600', null],
    ['Huawei unveiled the Ascend 980PR in Shenzhen.', 'Ascend 980PR', 'huawei-ascend'],
    ['Google previewed TPU v8 for cloud customers.', 'TPU v8', 'google-tpu'],
    ['AWS promised Trainium5 by December.', 'Trainium5', 'aws-trainium'],
    ['Intel still plans Gaudi 4 for the data centre.', 'Gaudi 4', 'intel-gaudi'],
  ])('%s → %s', (sentence, surface, familyId) => {
    const r = analyze(aiArticle(sentence));
    const e = r.entities.find((x) => x.name === surface);
    expect(e?.type).toBe('hardware');
    expect(e?.why).toEqual(['pattern:hardware-code']);
    expect(e?.familyId ?? null).toBe(familyId);
  });
});

describe('look-alikes that are not chips', () => {
  it.each([
    ['Nvidia revenue in H1 2025 beat forecasts.', 'H1'],
    ['The B2B market for AI agents grew.', 'B2B'],
    ['The model card was printed on A4 paper.', 'A4'],
    ['The museum keeps an M1 Garand beside the AI exhibit.', 'M1 Garand'],
    ['Nvidia H264 encoders are common in phones.', 'H264'],
    ['Robert Rubin, the former Treasury secretary, spoke about AI.', 'Rubin'],
    ['Rick Rubin produced an album about chatbots.', 'Rubin'],
    ['Q3 2025 sales of AI servers rose.', 'Q3'],
    ['The F-35 program uses some AI software.', 'F-35'],
  ])('%s: %s is not hardware', (sentence, surface) => {
    expect(at(aiArticle(sentence), surface).filter((x) => x.startsWith('hardware|'))).toEqual([]);
  });

  it.each([
    ['Vera Jourova, the EU commissioner, spoke about AI rules.', 'Vera'],
    ['Vera said the chatbot answered her questions.', 'Vera'],
    ['A Spark of insight led the lab to a new AI model.', 'Spark'],
    ['Thor, the film hero, appears in an AI-generated trailer.', 'Thor'],
    ['Grace Hopper, the computing pioneer, is honoured by an AI prize.', 'Grace Hopper'],
    ['Richard Feynman wrote about the limits of AI models in a letter.', 'Feynman'],
  ])('in AI news, the person or word %s: %s is not hardware', (sentence, surface) => {
    expect(at(aiArticle(sentence), surface).filter((x) => x.startsWith('hardware|'))).toEqual([]);
  });

  it('a two-digit code before a chip word is left to the knowledge base (mostly phone and PC chips)', () => {
    expect(at(aiArticle('The tablet runs its AI features on the A10X chip.'), 'A10X').filter((x) => x.startsWith('hardware|'))).toEqual([]);
  });

  it.each([
    ['A painting of Blackwell Bridge hung in the hall.', 'Blackwell'],
    ['Trillium flowers bloomed along the river.', 'Trillium'],
    ['The Ironwood furniture shop opened downtown.', 'Ironwood'],
    ['The climbers began to Ascend the ridge at dawn.', 'Ascend'],
    ['The physicist Richard Feynman lectured at Caltech.', 'Feynman'],
    ['Helios, the sun god, drove his chariot across the sky.', 'Helios'],
    ['Maia gave a talk at the school fair.', 'Maia'],
    ['Students at LPU in Punjab sat their exams.', 'LPU'],
    ['The CS-3 form asks for the applicant address.', 'CS-3'],
    ['The Corsair fleet sailed out of Algiers at dawn.', 'Corsair'],
    ['Applicants must send form AI5 to the council by May.', 'AI5'],
  ])('outside AI news, %s: %s is not hardware', (sentence, surface) => {
    expect(at(plain(sentence), surface).filter((x) => x.startsWith('hardware|'))).toEqual([]);
  });
});
