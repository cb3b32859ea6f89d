import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/entities/extract';
import { compromiseOptions } from '../../src/entities/nlp';

/**
 * Policies by shape (issue #12, policy recall): laws, regulations, orders, bills, court cases and the
 * named rules a story describes, with the look-alikes that are people or plain words ("Mayor Bill",
 * "Bill Gates", "the act of", "Act now"). Every sentence is written for these tests.
 */
const aiArticle = (s: string) => `AI labs are racing to release new language models this year. ${s} Analysts expect more chatbot launches from AI companies before the summer.`;

/** The policy entities whose mentions overlap `surface`, as their names. */
function policiesAt(text: string, surface: string): string[] {
  const r = analyzeText(text, '', compromiseOptions);
  const s = text.indexOf(surface);
  if (s < 0) throw new Error(`test bug: "${surface}" not in text`);
  return r.entities.filter((e) => e.type === 'policy' && e.mentions.some((m) => m.start < s + surface.length && s < m.end)).map((e) => e.name);
}

describe('policy shapes are found', () => {
  it.each([
    ['The rules sit in Regulation (EU) 2022/868 on data governance.', 'Regulation (EU) 2022/868'],
    ['Platforms cite Section 230 when sued over chatbot answers.', 'Section 230'],
    ['Lawyers argued that section 512 protects the host.', 'section 512'],
    ['Critics of Senate Bill 1234 say it is too vague.', 'Senate Bill 1234'],
    ['Assembly Bill 331 would require audits of hiring tools.', 'Assembly Bill 331'],
    ['The lab was sued in Smith v. Acme Robotics over training data.', 'Smith v. Acme Robotics'],
    ['The judge cited Feist Publications v. Rural Telephone in her ruling.', 'Feist Publications v. Rural Telephone'],
    ['Ministers introduced the Data Sharing Bill to Parliament.', 'Data Sharing Bill'],
    ['The startup said the First Amendment protects its model outputs.', 'First Amendment'],
    ['Regulators pointed to the Cybersecurity Law when they asked for data.', 'Cybersecurity Law'],
    ['Delegates signed the Framework Treaty on Digital Rights in Vienna.', 'Framework Treaty on Digital Rights'],
    ['The firms joined the G7 Code of Conduct for model developers.', 'G7 Code of Conduct'],
    ['The companies signed voluntary commitments to test their models.', 'voluntary commitments'],
    ['Nvidia warned that new chip restrictions would hurt sales.', 'chip restrictions'],
    ['The Commerce Department tightened semiconductor export curbs again.', 'semiconductor export curbs'],
    ['The president signed an executive order on AI on Thursday.', 'executive order'],
    ['The state passed the Chatbot Disclosure Act in March.', 'Chatbot Disclosure Act'],
    ['Executive Order 14999 set new reporting rules.', 'Executive Order 14999'],
    ['The governor signed S.B. 77 into law.', 'S.B. 77'],
  ])('%s → %s', (sentence, surface) => {
    expect(policiesAt(aiArticle(sentence), surface).length).toBe(1);
  });
});

describe('look-alikes are not policies', () => {
  it.each([
    ['Mayor Bill de Blasio spoke at the AI summit.', 'Bill'],
    ["Fox News' Bill O'Reilly asked about chatbots.", 'Bill'],
    ['Microsoft co-founder Bill Gates praised the model.', 'Bill Gates'],
    ['The act of training a model costs millions.', 'act of'],
    ['Act now, the ad for the chatbot said.', 'Act now'],
    ["Moore's Law is slowing, chip designers say.", "Moore's Law"],
    ['The benchmark compared Gemini 2.5 Pro vs. GPT-5 on coding.', 'vs.'],
    ['Law and Order returns with an episode about a chatbot.', 'Law and Order'],
    ['The Harvard Law School clinic studies AI.', 'Harvard Law School'],
    ['A professor at the Midtown University School of Law studies chatbots.', 'School of Law'],
    ['Read Section 2 of our guide to AI tools.', 'Section 2'],
    ['The service updated its Terms of Service for the chatbot.', 'Terms of Service'],
  ])('%s: %s', (sentence, surface) => {
    expect(policiesAt(aiArticle(sentence), surface)).toEqual([]);
  });
});

describe('well-known policies link to the knowledge base', () => {
  it.each([
    ['The startup said Section 230 covers its chatbot.', 'Section 230', 'section-230'],
    ['Studios sent DMCA notices over the generated clips.', 'DMCA', 'dmca'],
    ['Regulators said the GDPR applies to model training.', 'GDPR', 'gdpr'],
    ['Exporters studied the AI Diffusion Rule closely.', 'AI Diffusion Rule', 'ai-diffusion-rule'],
    ["Lawyers read the EU AI Act's Article 5 on banned practices.", 'EU AI Act', 'eu-ai-act'],
  ])('%s → %s', (sentence, surface, id) => {
    const text = aiArticle(sentence);
    const r = analyzeText(text, '', compromiseOptions);
    const s = text.indexOf(surface);
    expect(r.entities.filter((e) => e.mentions.some((m) => m.start < s + surface.length && s < m.end)).map((e) => e.kbId)).toEqual([id]);
  });
});
