import { z } from 'zod';
import { type MailContent, type MailLanguage } from './layout.js';

export const displayName = z.string().trim().min(1).max(200);

/** Only web links: a `javascript:` URL in a button would survive HTML escaping. */
export const link = z.url({ protocol: /^https?$/, error: 'expected an http(s) link' });

/** One kind of e-mail: the data it needs and its words in every language. */
export interface MailTemplateDefinition<Data extends z.ZodType> {
  data: Data;
  content: Record<MailLanguage, (data: z.infer<Data>) => MailContent>;
}

export function defineTemplate<Data extends z.ZodType>(
  definition: MailTemplateDefinition<Data>,
): MailTemplateDefinition<Data> {
  return definition;
}
