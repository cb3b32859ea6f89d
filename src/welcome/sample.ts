/**
 * The welcome page's sample article: a short story written for this project, in the shape of the
 * AI-industry news the extension is for, naming entities the shipped knowledge base knows.
 */
export const SAMPLE = {
  title: 'A chip shortage shapes the next round of model launches',
  outlet: 'AI News Lens sample',
  paragraphs: [
    'Anthropic and OpenAI both said this week that the pace of their next model releases depends less on research than on how many Nvidia H100 and Blackwell systems they can rent.',
    'Anthropic, which makes the Claude models, told partners that capacity on Amazon Web Services and Google Cloud would decide when a larger Claude arrives. OpenAI said the same of ChatGPT, naming Microsoft as its main supplier of compute.',
    'In Brussels, officials preparing the EU AI Act rules for general-purpose models said the largest developers will have to report the compute they used for training. In Washington, the Federal Trade Commission is asking cloud providers about their investments in AI labs.',
    'Mistral AI, the Paris start-up, said its smaller open models show that a lab without tens of thousands of GPUs can still ship something people use every day.',
  ],
} as const;

/** The sample as one text, paragraphs separated by a blank line (the shape extraction reads). */
export const sampleText = (): string => SAMPLE.paragraphs.join('\n\n');
