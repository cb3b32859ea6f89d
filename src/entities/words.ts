/** Word lists and shapes the name finders share (extract.ts, names.ts, people.ts), each with its reason. */

/** A capitalised phrase longer than this is a headline or a list, not a name. */
export const MAX_NAME_TOKENS = 7;
/** Title words stripped from the front of a person's name ("Commerce Secretary Howard Lutnick"). */
export const ROLE_WORDS = new Set([
  'CEO', 'Chief', 'Executive', 'President', 'Vice', 'Chairman', 'Chairwoman', 'Chair', 'Secretary', 'Senator', 'Sen', 'Rep',
  'Representative', 'Gov', 'Governor', 'Judge', 'Justice', 'Minister', 'Commissioner', 'Director', 'Officer', 'Founder',
  'Co-founder', 'Dr', 'Mr', 'Mrs', 'Ms', 'Prof', 'Professor', 'Spokesperson', 'Spokesman', 'Spokeswoman', 'Analyst',
  'Premier', 'Mayor', 'Chancellor', 'Lawmaker', 'Attorney', 'General', 'Head', 'Leader', 'Commerce', 'State', 'Deputy',
  'Former', 'Then', 'Researcher', 'Engineer', 'Scientist', 'Investor', 'Partner', 'Manager', 'CTO', 'CFO', 'COO',
  'Staff', 'Reporter', 'Writer', 'Contributing', 'Editor', 'Correspondent', 'Columnist', 'Photographer',
]);
/** Capitalised words that are never names on their own (sentence starters, dates, section labels). */
export const NOT_NAMES = new Set([
  'The', 'A', 'An', 'This', 'That', 'These', 'Those', 'It', 'Its', 'He', 'She', 'They', 'We', 'I', 'In', 'On', 'At', 'For', 'But',
  'And', 'Or', 'If', 'As', 'By', 'With', 'From', 'To', 'Of', 'After', 'Before', 'While', 'When', 'Where', 'What', 'Why', 'How',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January', 'February', 'March', 'April', 'May',
  'June', 'July', 'August', 'September', 'October', 'November', 'December', 'Key', 'Facts', 'Read', 'More', 'Related',
  'Advertisement', 'Photo', 'Image', 'Getty', 'Updated', 'Published', 'Editor', 'Reporting', 'Writing', 'Editing',
  'Many', 'Some', 'Most', 'Several', 'All', 'Other', 'Others', 'Both', 'Each', 'Every', 'Few', 'Such', 'More', 'Top', 'Leading', 'Rival',
]);
export const CONNECTORS = new Set(['of', 'and', 'for', 'on', 'the', '&']);
export const VERSION = /^(?:[vV]?\d+(?:\.\d+)*[a-z]?|[A-Z]\d+(?:\.\d+)*[a-z]?)(?:-[\p{L}\p{N}.]+)*$/u;
/** Words before "AI" that make a description, not a company name ("Chinese AI", "US AI"). */
export const NOT_AI_COMPANY = /^(?:US|U\.S|UK|EU|American|Chinese|European|British|French|German|Japanese|Korean|Indian|Global|Generative|Open|Biggest|Big|New|Responsible|Sovereign|Agentic|Physical|Enterprise|Consumer|Frontier|Are|Is|The|Its|Our|Their|Silicon|Valley|Western|Asian|African|Domestic|Foreign|Local|Startup|Startups)$/;

/** Name particles that sit between a first name and a surname ("Bill de Blasio"). */
export const NAME_PARTICLES = new Set(['de', 'da', 'di', 'del', 'della', 'van', 'von', 'der', 'la', 'le', 'du', 'dos', 'bin', 'al']);
